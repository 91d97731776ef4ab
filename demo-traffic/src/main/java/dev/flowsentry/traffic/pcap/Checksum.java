package dev.flowsentry.traffic.pcap;

/** The Internet checksum (RFC 1071): one's complement sum of 16-bit words. */
final class Checksum {

    private Checksum() {}

    /** The 32-bit running sum of {@code length} bytes, not yet folded. */
    static int sum(byte[] bytes, int offset, int length) {
        int sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((bytes[offset + i] & 0xFF) << 8) | (bytes[offset + i + 1] & 0xFF);
        }
        if ((length & 1) != 0) {
            sum += (bytes[offset + length - 1] & 0xFF) << 8;
        }
        return sum;
    }

    /** The checksum of {@code length} bytes plus an initial (pseudo-header) sum. */
    static int of(byte[] bytes, int offset, int length, int initialSum) {
        long sum = (initialSum & 0xFFFF_FFFFL) + sum(bytes, offset, length);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
