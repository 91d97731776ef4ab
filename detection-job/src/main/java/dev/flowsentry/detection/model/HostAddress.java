package dev.flowsentry.detection.model;

import dev.flowsentry.flow.IpAddress;

/**
 * Addresses as the job holds them: 128 bits in two longs, with IPv4 addresses in their IPv4-mapped
 * IPv6 form ({@code ::ffff:a.b.c.d}, RFC 4291 section 2.5.5.2), so that every address has one
 * representation and no family flag is needed.
 */
public final class HostAddress {

    /** The upper 64 bits of every IPv4 address. */
    public static final long IPV4_HIGH = 0L;

    /** The bits above the 32 address bits in the lower half of an IPv4-mapped address. */
    public static final long IPV4_MAPPED_PREFIX = 0xFFFF_0000_0000L;

    private HostAddress() {}

    /** The lower 64 bits of an IPv4 address given as 32 bits. */
    public static long ipv4Low(int address) {
        return IPV4_MAPPED_PREFIX | (address & 0xFFFF_FFFFL);
    }

    public static boolean isIpv4(long high, long low) {
        return high == IPV4_HIGH && (low & 0xFFFF_FFFF_0000_0000L) == IPV4_MAPPED_PREFIX;
    }

    public static long high(IpAddress address) {
        return address.isIpv4() ? IPV4_HIGH : address.high();
    }

    public static long low(IpAddress address) {
        return address.isIpv4() ? ipv4Low(address.ipv4()) : address.low();
    }

    public static IpAddress toIpAddress(long high, long low) {
        return isIpv4(high, low) ? IpAddress.ofIpv4((int) low) : IpAddress.ofIpv6(high, low);
    }

    /** RFC 5952 text for IPv6, the dotted quad for IPv4. */
    public static String text(long high, long low) {
        return toIpAddress(high, low).toString();
    }

    /** A well-mixed 64-bit hash of an address, for distinct counting. */
    public static long hash(long high, long low) {
        return mix(high * 0x9E37_79B9_7F4A_7C15L ^ mix(low));
    }

    /** The finaliser of MurmurHash3: spreads every input bit over the output. */
    public static long mix(long value) {
        long mixed = value;
        mixed ^= mixed >>> 33;
        mixed *= 0xFF51_AFD7_ED55_8CCDL;
        mixed ^= mixed >>> 33;
        mixed *= 0xC4CE_B9FE_1A85_EC53L;
        mixed ^= mixed >>> 33;
        return mixed;
    }
}
