package dev.flowsentry.flow;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable set of CIDR prefixes, for allow-lists, internal networks and host groups.
 *
 * <p>Parsed from a comma-separated list such as {@code 10.0.0.0/8,192.168.0.0/16,fd00::/8}. An
 * empty set contains nothing. Lookups walk the prefixes longest first, which suits the handful to a
 * few hundred prefixes that such lists hold.
 */
public final class IpPrefixSet implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final IpPrefixSet EMPTY = new IpPrefixSet(List.of());

    private final List<IpPrefix> prefixes;

    private IpPrefixSet(List<IpPrefix> prefixes) {
        List<IpPrefix> sorted = new ArrayList<>(prefixes);
        sorted.sort((a, b) -> Integer.compare(b.length(), a.length()));
        this.prefixes = Collections.unmodifiableList(sorted);
    }

    public static IpPrefixSet empty() {
        return EMPTY;
    }

    public static IpPrefixSet of(List<IpPrefix> prefixes) {
        return prefixes.isEmpty() ? EMPTY : new IpPrefixSet(prefixes);
    }

    /**
     * Parses a comma-separated CIDR list; blank entries are ignored.
     *
     * @throws IllegalArgumentException naming the first entry that is not a CIDR prefix
     */
    public static IpPrefixSet parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return EMPTY;
        }
        List<IpPrefix> prefixes = new ArrayList<>();
        for (String entry : commaSeparated.split(",")) {
            if (!entry.isBlank()) {
                prefixes.add(IpPrefix.parse(entry));
            }
        }
        return of(prefixes);
    }

    public boolean isEmpty() {
        return prefixes.isEmpty();
    }

    public List<IpPrefix> prefixes() {
        return prefixes;
    }

    public boolean contains(IpAddress address) {
        return longestMatch(address) != null;
    }

    /** The longest prefix that contains {@code address}, or null. */
    public IpPrefix longestMatch(IpAddress address) {
        for (IpPrefix prefix : prefixes) {
            if (prefix.contains(address)) {
                return prefix;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (IpPrefix prefix : prefixes) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(prefix);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpPrefixSet && ((IpPrefixSet) other).prefixes.equals(prefixes);
    }

    @Override
    public int hashCode() {
        return prefixes.hashCode();
    }
}
