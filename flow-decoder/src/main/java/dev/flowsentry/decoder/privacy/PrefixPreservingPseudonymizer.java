package dev.flowsentry.decoder.privacy;

import dev.flowsentry.flow.IpAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed, prefix-preserving pseudonymisation of IP addresses (Crypto-PAn, Xu, Fan, Ammar and Moon,
 * 2002), with AES-128 from the JDK as the pseudo-random function.
 *
 * <p>Bit {@code i} of the result is bit {@code i} of the address XOR the first bit of {@code
 * AES(key, first i bits of the address padded with a secret pad)}. So two addresses that share
 * exactly their first {@code k} bits map to two addresses that share exactly their first {@code k}
 * bits: subnets stay subnets, and the same key always gives the same mapping. IPv4 and IPv6 are
 * each mapped within their own family.
 *
 * <p>The 32-byte key is read from a file (never the command line): the first 16 bytes are the AES
 * key, the last 16 make the pad. Not thread-safe (it holds a {@link Cipher} and a cache): one
 * instance per thread. Results of recent addresses are cached, as one address recurs in many flows.
 */
public final class PrefixPreservingPseudonymizer {

    /** Key length in bytes: an AES-128 key and a 16-byte pad seed. */
    public static final int KEY_BYTES = 32;

    private static final int CACHE_ENTRIES = 65_536;

    private final Cipher cipher;
    private final long padHigh;
    private final long padLow;
    private final byte[] block = new byte[16];
    private final byte[] encrypted = new byte[16];
    private final Map<IpAddress, IpAddress> cache =
            new LinkedHashMap<>(1024, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<IpAddress, IpAddress> eldest) {
                    return size() > CACHE_ENTRIES;
                }
            };

    /**
     * @param key exactly {@link #KEY_BYTES} bytes
     * @throws IllegalArgumentException when the key has another length
     */
    public PrefixPreservingPseudonymizer(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "a pseudonymisation key has " + KEY_BYTES + " bytes, found " + key.length);
        }
        try {
            cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOf(key, 16), "AES"));
            byte[] pad = cipher.doFinal(Arrays.copyOfRange(key, 16, 32));
            padHigh = readLong(pad, 0);
            padLow = readLong(pad, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }

    /**
     * Reads a key file: 32 raw bytes, or 64 hexadecimal digits (surrounding white space ignored).
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it holds neither form; the message names the file but
     *     never shows its content
     */
    public static byte[] readKey(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        String text = new String(content, StandardCharsets.ISO_8859_1).trim();
        if (text.length() == 2 * KEY_BYTES
                && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            byte[] key = new byte[KEY_BYTES];
            for (int i = 0; i < KEY_BYTES; i++) {
                key[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
            }
            return key;
        }
        if (content.length == KEY_BYTES) {
            return content;
        }
        throw new IllegalArgumentException(
                "key file " + file + " must hold 32 bytes or 64 hexadecimal digits");
    }

    /** The pseudonym of {@code address}, of the same family. */
    public IpAddress pseudonymize(IpAddress address) {
        IpAddress cached = cache.get(address);
        if (cached != null) {
            return cached;
        }
        IpAddress pseudonym = address.isIpv4() ? mapIpv4(address) : mapIpv6(address);
        cache.put(address, pseudonym);
        return pseudonym;
    }

    private IpAddress mapIpv4(IpAddress address) {
        long original = (address.low() & 0xFFFF_FFFFL) << 32;
        long oneTimePad = 0;
        for (int i = 0; i < 32; i++) {
            long keptMask = i == 0 ? 0 : -1L << (64 - i);
            long input = (original & keptMask) | (padHigh & ~keptMask);
            oneTimePad |= firstBit(input, padLow) << (63 - i);
        }
        return IpAddress.ofIpv4((int) ((original ^ oneTimePad) >>> 32));
    }

    private IpAddress mapIpv6(IpAddress address) {
        long high = address.high();
        long low = address.low();
        long padOfHigh = 0;
        long padOfLow = 0;
        for (int i = 0; i < 128; i++) {
            long inputHigh;
            long inputLow;
            if (i < 64) {
                long keptMask = i == 0 ? 0 : -1L << (64 - i);
                inputHigh = (high & keptMask) | (padHigh & ~keptMask);
                inputLow = padLow;
                padOfHigh |= firstBit(inputHigh, inputLow) << (63 - i);
            } else {
                long keptMask = i == 64 ? 0 : -1L << (128 - i);
                inputHigh = high;
                inputLow = (low & keptMask) | (padLow & ~keptMask);
                padOfLow |= firstBit(inputHigh, inputLow) << (127 - i);
            }
        }
        return IpAddress.ofIpv6(high ^ padOfHigh, low ^ padOfLow);
    }

    private long firstBit(long high, long low) {
        writeLong(block, 0, high);
        writeLong(block, 8, low);
        try {
            cipher.doFinal(block, 0, 16, encrypted, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB/NoPadding on one block cannot fail", e);
        }
        return (encrypted[0] >>> 7) & 1L;
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    private static void writeLong(byte[] bytes, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }
}
