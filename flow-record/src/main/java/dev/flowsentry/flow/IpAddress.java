package dev.flowsentry.flow;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * An IPv4 or IPv6 address held as two longs, cheap to create from wire bytes and formatted only
 * when text is needed.
 *
 * <p>An IPv4 address lives in the low 32 bits of {@link #low()} with {@link #high()} zero. Text
 * follows RFC 5952 for IPv6 (lower case, the longest run of zero groups compressed) and the dotted
 * quad for IPv4. Parsing accepts what {@link #toString()} writes and the other textual forms of RFC
 * 4291 section 2.2, never a host name: nothing here touches DNS.
 */
public final class IpAddress implements Comparable<IpAddress>, Serializable {

    private static final long serialVersionUID = 1L;

    private final long high;
    private final long low;
    private final boolean ipv6;

    private IpAddress(long high, long low, boolean ipv6) {
        this.high = high;
        this.low = low;
        this.ipv6 = ipv6;
    }

    /** An IPv4 address from its 32 bits in network order (the first octet most significant). */
    public static IpAddress ofIpv4(int address) {
        return new IpAddress(0L, address & 0xFFFF_FFFFL, false);
    }

    /** An IPv6 address from its upper and lower 64 bits in network order. */
    public static IpAddress ofIpv6(long high, long low) {
        return new IpAddress(high, low, true);
    }

    /** An address from 4 (IPv4) or 16 (IPv6) bytes in network order. */
    public static IpAddress ofBytes(byte[] bytes) {
        return ofBytes(bytes, 0, bytes.length);
    }

    /** An address from {@code length} (4 or 16) bytes at {@code offset} in network order. */
    public static IpAddress ofBytes(byte[] bytes, int offset, int length) {
        if (length == 4) {
            return ofIpv4(readInt(bytes, offset));
        }
        if (length == 16) {
            return ofIpv6(readLong(bytes, offset), readLong(bytes, offset + 8));
        }
        throw new IllegalArgumentException(
                "an IP address has 4 or 16 bytes, found " + length + " bytes");
    }

    /** The address of a JDK {@link InetAddress}. */
    public static IpAddress of(InetAddress address) {
        return ofBytes(address.getAddress());
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 address in any RFC 4291 text form.
     *
     * @throws IllegalArgumentException naming the text when it is not an IP address literal
     */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty IP address");
        }
        if (text.indexOf(':') < 0) {
            int address = parseIpv4(text, 0, text.length());
            return ofIpv4(address);
        }
        return parseIpv6(text);
    }

    public boolean isIpv6() {
        return ipv6;
    }

    public boolean isIpv4() {
        return !ipv6;
    }

    /** The upper 64 bits of an IPv6 address; zero for IPv4. */
    public long high() {
        return high;
    }

    /** The lower 64 bits of an IPv6 address, or the IPv4 address in the low 32 bits. */
    public long low() {
        return low;
    }

    /** The IPv4 address as 32 bits. Only meaningful when {@link #isIpv4()}. */
    public int ipv4() {
        return (int) low;
    }

    /** Address length in bits: 32 or 128. */
    public int bitLength() {
        return ipv6 ? 128 : 32;
    }

    /** Bit {@code index} counted from the most significant bit of the address (0-based). */
    public boolean bit(int index) {
        if (!ipv6) {
            return ((low >>> (31 - index)) & 1L) != 0;
        }
        return index < 64
                ? ((high >>> (63 - index)) & 1L) != 0
                : ((low >>> (127 - index)) & 1L) != 0;
    }

    /** The address in network byte order: 4 or 16 bytes. */
    public byte[] toBytes() {
        byte[] bytes = new byte[ipv6 ? 16 : 4];
        if (ipv6) {
            writeLong(bytes, 0, high);
            writeLong(bytes, 8, low);
        } else {
            writeLong4(bytes, (int) low);
        }
        return bytes;
    }

    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot happen for a 4 or 16 byte address", e);
        }
    }

    @Override
    public String toString() {
        return ipv6 ? formatIpv6() : formatIpv4((int) low);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof IpAddress)) {
            return false;
        }
        IpAddress that = (IpAddress) other;
        return high == that.high && low == that.low && ipv6 == that.ipv6;
    }

    @Override
    public int hashCode() {
        long mixed = high * 0x9E37_79B9_7F4A_7C15L ^ low;
        mixed ^= mixed >>> 32;
        return (int) mixed ^ (ipv6 ? 0x5bd1e995 : 0);
    }

    /** IPv4 before IPv6, then numerically. */
    @Override
    public int compareTo(IpAddress other) {
        if (ipv6 != other.ipv6) {
            return ipv6 ? 1 : -1;
        }
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    static String formatIpv4(int address) {
        // The decoder formats two or three addresses per flow record: build the text without a
        // StringBuilder.
        byte[] text = new byte[15];
        int length = 0;
        for (int shift = 24; shift >= 0; shift -= 8) {
            int octet = (address >>> shift) & 0xFF;
            if (octet >= 100) {
                text[length++] = (byte) ('0' + octet / 100);
            }
            if (octet >= 10) {
                text[length++] = (byte) ('0' + octet / 10 % 10);
            }
            text[length++] = (byte) ('0' + octet % 10);
            if (shift > 0) {
                text[length++] = '.';
            }
        }
        return new String(text, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static void appendIpv4(StringBuilder text, int address) {
        text.append((address >>> 24) & 0xFF)
                .append('.')
                .append((address >>> 16) & 0xFF)
                .append('.')
                .append((address >>> 8) & 0xFF)
                .append('.')
                .append(address & 0xFF);
    }

    private String formatIpv6() {
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        StringBuilder text = new StringBuilder(39);
        // RFC 5952 section 5: an IPv4-mapped address keeps its dotted tail.
        if (high == 0 && (low >>> 32) == 0xFFFFL) {
            text.append("::ffff:");
            appendIpv4(text, (int) low);
            return text.toString();
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 section 4.2.2: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static int parseIpv4(String text, int from, int to) {
        int address = 0;
        int octets = 0;
        int position = from;
        while (position <= to) {
            int value = 0;
            int digits = 0;
            while (position < to && text.charAt(position) != '.') {
                char c = text.charAt(position++);
                if (c < '0' || c > '9' || ++digits > 3) {
                    throw invalid(text);
                }
                value = value * 10 + (c - '0');
            }
            if (digits == 0 || value > 255 || octets == 4) {
                throw invalid(text);
            }
            address = (address << 8) | value;
            octets++;
            position++; // skip the dot, or step past the end
        }
        if (octets != 4 || text.charAt(to - 1) == '.') {
            throw invalid(text);
        }
        return address;
    }

    private static IpAddress parseIpv6(String text) {
        int zoneStart = text.indexOf('%');
        String address = zoneStart >= 0 ? text.substring(0, zoneStart) : text;
        int[] groups = new int[8];
        int count = 0;
        int compressAt = -1;
        int position = 0;
        int length = address.length();
        if (address.startsWith("::")) {
            compressAt = 0;
            position = 2;
        }
        while (position < length) {
            int end = position;
            while (end < length && address.charAt(end) != ':') {
                end++;
            }
            if (end == position) {
                throw invalid(text);
            }
            if (address.indexOf('.', position) >= 0 && end == length) {
                if (count > 6) {
                    throw invalid(text);
                }
                int ipv4 = parseIpv4(address, position, end);
                groups[count++] = ipv4 >>> 16;
                groups[count++] = ipv4 & 0xFFFF;
                position = end;
                break;
            }
            if (end - position > 4 || count == 8) {
                throw invalid(text);
            }
            groups[count++] = parseHexGroup(address, position, end, text);
            position = end;
            if (position < length) {
                position++; // the colon
                if (position < length && address.charAt(position) == ':') {
                    if (compressAt >= 0) {
                        throw invalid(text);
                    }
                    compressAt = count;
                    position++;
                } else if (position == length) {
                    throw invalid(text);
                }
            }
        }
        if (compressAt >= 0) {
            if (count == 8) {
                throw invalid(text);
            }
            int moved = count - compressAt;
            System.arraycopy(groups, compressAt, groups, 8 - moved, moved);
            for (int i = compressAt; i < 8 - moved; i++) {
                groups[i] = 0;
            }
        } else if (count != 8) {
            throw invalid(text);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = (high << 16) | groups[i];
            low = (low << 16) | groups[i + 4];
        }
        return ofIpv6(high, low);
    }

    private static int parseHexGroup(String address, int from, int to, String text) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(address.charAt(i), 16);
            if (digit < 0) {
                throw invalid(text);
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("not an IP address literal: '" + text + "'");
    }

    private static int readInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24
                | (bytes[offset + 1] & 0xFF) << 16
                | (bytes[offset + 2] & 0xFF) << 8
                | (bytes[offset + 3] & 0xFF);
    }

    private static long readLong(byte[] bytes, int offset) {
        return ((long) readInt(bytes, offset) << 32) | (readInt(bytes, offset + 4) & 0xFFFF_FFFFL);
    }

    private static void writeLong(byte[] bytes, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    private static void writeLong4(byte[] bytes, int value) {
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) (value >>> (24 - 8 * i));
        }
    }
}
