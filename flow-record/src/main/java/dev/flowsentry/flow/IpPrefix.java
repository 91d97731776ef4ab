package dev.flowsentry.flow;

import java.io.Serializable;

/**
 * A CIDR prefix such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}.
 *
 * <p>Host bits below the prefix length are cleared on parsing, so {@code 10.1.2.3/8} and {@code
 * 10.0.0.0/8} are the same prefix. A bare address is a host prefix (/32 or /128).
 */
public final class IpPrefix implements Serializable {

    private static final long serialVersionUID = 1L;

    private final IpAddress network;
    private final int length;

    private IpPrefix(IpAddress network, int length) {
        this.network = network;
        this.length = length;
    }

    /**
     * Parses {@code ADDRESS/LENGTH} or a bare address.
     *
     * @throws IllegalArgumentException naming the text when it is not a CIDR prefix
     */
    public static IpPrefix parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        IpAddress address = IpAddress.parse(slash < 0 ? trimmed : trimmed.substring(0, slash));
        int length = address.bitLength();
        if (slash >= 0) {
            try {
                length = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR prefix: '" + text + "'", e);
            }
            if (length < 0 || length > address.bitLength()) {
                throw new IllegalArgumentException(
                        "prefix length of '"
                                + text
                                + "' must be between 0 and "
                                + address.bitLength());
            }
        }
        return new IpPrefix(mask(address, length), length);
    }

    public IpAddress network() {
        return network;
    }

    public int length() {
        return length;
    }

    /** Whether {@code address} is of the same family and inside this prefix. */
    public boolean contains(IpAddress address) {
        if (address.isIpv6() != network.isIpv6()) {
            return false;
        }
        IpAddress masked = mask(address, length);
        return masked.high() == network.high() && masked.low() == network.low();
    }

    /** The address with every bit after the first {@code length} bits cleared. */
    static IpAddress mask(IpAddress address, int length) {
        if (address.isIpv4()) {
            long mask = length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
            return IpAddress.ofIpv4((int) (address.low() & mask));
        }
        long highMask = length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
        long lowMask = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        return IpAddress.ofIpv6(address.high() & highMask, address.low() & lowMask);
    }

    @Override
    public String toString() {
        return network + "/" + length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpPrefix
                && ((IpPrefix) other).length == length
                && ((IpPrefix) other).network.equals(network);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 31 + length;
    }
}
