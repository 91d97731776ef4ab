package dev.flowsentry.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "2001:db8::1, 2001:db8::1",
        "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "::, ::",
        "::1, ::1",
        "fe80::5187:5cd8:d750:cdc9, fe80::5187:5cd8:d750:cdc9",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "::ffff:192.0.2.1, ::ffff:192.0.2.1",
        "ff02::1:3, ff02::1:3",
        "fde6:6f14:e0f1:9609:0:affe:affe:affe, fde6:6f14:e0f1:9609:0:affe:affe:affe",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
    })
    void formatsTheCanonicalTextOfRfc5952(String input, String canonical) {
        IpAddress address = IpAddress.parse(input);

        assertThat(address).hasToString(canonical);
        assertThat(IpAddress.parse(canonical)).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "2001:db8::8:800:200c:417a", "fe80::1", "::"})
    void agreesWithTheJdkOnBytes(String text) throws Exception {
        InetAddress jdk = InetAddress.getByName(text);

        IpAddress address = IpAddress.parse(text);

        assertThat(address.toBytes()).isEqualTo(jdk.getAddress());
        assertThat(IpAddress.ofBytes(address.toBytes())).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1.2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "1.2.3.",
                "example.com",
                "1::2::3",
                "1:2:3:4:5:6:7:8:9",
                "12345::",
                "::g",
                "1:",
                "1.2.3.4/8"
            })
    void rejectsWhatIsNotAnAddressLiteral(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "empty" : text);
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "192.168.1.77/24, 192.168.1.1, true",
        "0.0.0.0/0, 8.8.8.8, true",
        "0.0.0.0/0, ::1, false",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "2001:db8::1/128, 2001:db8::1, true",
        "fd00::/8, fdff::1, true",
        "2001:db8:0:0:8000::/65, 2001:db8::8000:0:0:1, true",
        "2001:db8:0:0:8000::/65, 2001:db8::1, false",
    })
    void prefixesContainTheirAddresses(String prefix, String address, boolean contained) {
        assertThat(IpPrefix.parse(prefix).contains(IpAddress.parse(address))).isEqualTo(contained);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "::/129", "10.0.0.0/x"})
    void rejectsPrefixLengthsOutOfRange(String text) {
        assertThatThrownBy(() -> IpPrefix.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }

    @Test
    void prefixSetFindsTheLongestMatch() {
        IpPrefixSet set = IpPrefixSet.parse("10.0.0.0/8, 10.1.0.0/16,,2001:db8::/32");

        assertThat(set.longestMatch(IpAddress.parse("10.1.2.3"))).hasToString("10.1.0.0/16");
        assertThat(set.longestMatch(IpAddress.parse("10.2.2.3"))).hasToString("10.0.0.0/8");
        assertThat(set.contains(IpAddress.parse("192.0.2.1"))).isFalse();
        assertThat(IpPrefixSet.parse(" ").isEmpty()).isTrue();
    }

    @Test
    void bitsCountFromTheMostSignificant() {
        IpAddress address = IpAddress.parse("128.0.0.1");

        assertThat(address.bit(0)).isTrue();
        assertThat(address.bit(1)).isFalse();
        assertThat(address.bit(31)).isTrue();
        assertThat(IpAddress.parse("8000::1").bit(0)).isTrue();
        assertThat(IpAddress.parse("8000::1").bit(127)).isTrue();
        assertThat(IpAddress.parse("8000::1").bit(64)).isFalse();
    }
}
