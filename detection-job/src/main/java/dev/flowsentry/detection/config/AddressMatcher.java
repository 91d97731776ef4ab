package dev.flowsentry.detection.config;

import dev.flowsentry.detection.model.HostAddress;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.flow.IpPrefix;
import dev.flowsentry.flow.IpPrefixSet;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A CIDR list matched against addresses held as two longs ({@link HostAddress}), without creating
 * objects for IPv4: the per-flow check of internal networks and allow-lists.
 */
public final class AddressMatcher implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final AddressMatcher EMPTY = new AddressMatcher(IpPrefixSet.empty());

    private final IpPrefixSet prefixes;
    private final int[] ipv4Networks;
    private final int[] ipv4Masks;
    private final boolean hasIpv6;

    private AddressMatcher(IpPrefixSet prefixes) {
        this.prefixes = prefixes;
        List<IpPrefix> ipv4 = new ArrayList<>();
        boolean ipv6 = false;
        for (IpPrefix prefix : prefixes.prefixes()) {
            if (prefix.network().isIpv4()) {
                ipv4.add(prefix);
            } else {
                ipv6 = true;
            }
        }
        this.hasIpv6 = ipv6;
        this.ipv4Networks = new int[ipv4.size()];
        this.ipv4Masks = new int[ipv4.size()];
        for (int i = 0; i < ipv4.size(); i++) {
            int length = ipv4.get(i).length();
            ipv4Masks[i] = length == 0 ? 0 : -1 << (32 - length);
            ipv4Networks[i] = ipv4.get(i).network().ipv4();
        }
    }

    /** Matches the prefixes of {@code set}. */
    public static AddressMatcher of(IpPrefixSet set) {
        return set.isEmpty() ? EMPTY : new AddressMatcher(set);
    }

    /**
     * Parses a comma-separated CIDR list.
     *
     * @throws IllegalArgumentException naming the entry that is not a CIDR prefix
     */
    public static AddressMatcher parse(String commaSeparated) {
        return of(IpPrefixSet.parse(commaSeparated));
    }

    public static AddressMatcher empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return prefixes.isEmpty();
    }

    public IpPrefixSet prefixes() {
        return prefixes;
    }

    /** Whether the address {@code (high, low)} lies in one of the prefixes. */
    public boolean contains(long high, long low) {
        if (HostAddress.isIpv4(high, low)) {
            int address = (int) low;
            for (int i = 0; i < ipv4Masks.length; i++) {
                if ((address & ipv4Masks[i]) == ipv4Networks[i]) {
                    return true;
                }
            }
            return false;
        }
        return hasIpv6 && prefixes.contains(IpAddress.ofIpv6(high, low));
    }

    @Override
    public String toString() {
        return prefixes.toString();
    }
}
