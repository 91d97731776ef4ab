package dev.flowsentry.decoder.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowsentry.flow.IpAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrefixPreservingPseudonymizerTest {

    private static final byte[] KEY = key(7);
    private final PrefixPreservingPseudonymizer pseudonymizer =
            new PrefixPreservingPseudonymizer(KEY);

    @Property(tries = 2000)
    void ipv4AddressesSharingExactlyKBitsMapToAddressesSharingExactlyKBits(
            @ForAll int address, @ForAll @IntRange(min = 0, max = 32) int sharedBits) {
        IpAddress a = IpAddress.ofIpv4(address);
        IpAddress b =
                IpAddress.ofIpv4(
                        sharedBits == 32 ? address : address ^ (int) (0x8000_0000L >>> sharedBits));

        assertThat(commonPrefix(pseudonymizer.pseudonymize(a), pseudonymizer.pseudonymize(b)))
                .isEqualTo(commonPrefix(a, b))
                .isEqualTo(sharedBits);
    }

    @Property(tries = 500)
    void ipv6AddressesSharingExactlyKBitsMapToAddressesSharingExactlyKBits(
            @ForAll long high,
            @ForAll long low,
            @ForAll @IntRange(min = 0, max = 127) int sharedBits) {
        IpAddress a = IpAddress.ofIpv6(high, low);
        IpAddress b =
                sharedBits < 64
                        ? IpAddress.ofIpv6(high ^ (Long.MIN_VALUE >>> sharedBits), low)
                        : IpAddress.ofIpv6(high, low ^ (Long.MIN_VALUE >>> (sharedBits - 64)));

        IpAddress mappedA = pseudonymizer.pseudonymize(a);
        assertThat(mappedA.isIpv6()).isTrue();
        assertThat(commonPrefix(mappedA, pseudonymizer.pseudonymize(b))).isEqualTo(sharedBits);
    }

    @Test
    void theSameKeyGivesTheSameMappingAndAnotherKeyAnother() {
        IpAddress address = IpAddress.parse("203.0.113.77");

        IpAddress mapped = pseudonymizer.pseudonymize(address);

        assertThat(new PrefixPreservingPseudonymizer(key(7)).pseudonymize(address))
                .isEqualTo(mapped);
        assertThat(new PrefixPreservingPseudonymizer(key(8)).pseudonymize(address))
                .isNotEqualTo(mapped);
        assertThat(mapped).isNotEqualTo(address);
    }

    @Test
    void distinctAddressesStayDistinct() {
        java.util.Set<IpAddress> mapped = new java.util.HashSet<>();
        for (int i = 0; i < 4096; i++) {
            mapped.add(pseudonymizer.pseudonymize(IpAddress.ofIpv4(0xC633_6400 + i)));
        }
        assertThat(mapped).hasSize(4096);
    }

    @Test
    void aKeyFileHoldsSixtyFourHexDigitsOrThirtyTwoBytes(@TempDir Path directory) throws Exception {
        Path hex = directory.resolve("hex.key");
        Files.writeString(
                hex, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        Path raw = directory.resolve("raw.key");
        Files.write(raw, KEY);
        Path bad = directory.resolve("bad.key");
        Files.writeString(bad, "secret-but-too-short");

        assertThat(PrefixPreservingPseudonymizer.readKey(hex))
                .hasSize(32)
                .startsWith(0x00, 0x11, 0x22);
        assertThat(PrefixPreservingPseudonymizer.readKey(raw)).isEqualTo(KEY);
        assertThatThrownBy(() -> PrefixPreservingPseudonymizer.readKey(bad))
                .hasMessageContaining(bad.toString())
                .hasMessageNotContaining("secret");
    }

    private static int commonPrefix(IpAddress a, IpAddress b) {
        int bits = 0;
        while (bits < a.bitLength() && a.bit(bits) == b.bit(bits)) {
            bits++;
        }
        return bits;
    }

    private static byte[] key(int seed) {
        byte[] key =
                ("flowsentry test key number " + seed + "!!!!!")
                        .getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(key, 32);
    }
}
