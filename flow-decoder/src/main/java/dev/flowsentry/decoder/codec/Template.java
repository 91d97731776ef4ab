package dev.flowsentry.decoder.codec;

import java.util.Arrays;

/**
 * A data or options template compiled into a field plan: for every field its element, length and
 * {@link FieldAction}, and for fixed-length templates the offsets of the fields that feed a flow
 * record, so that a record is decoded by one loop over a few arrays.
 */
final class Template {

    final int version;
    final long observationDomain;
    final int templateId;
    final boolean options;
    final int scopeFieldCount;

    final int[] elementIds;
    final long[] enterpriseNumbers;
    final int[] lengths;
    final byte[] actions;

    /** Record length when no field is variable-length, else -1. */
    final int fixedLength;

    /** Shortest possible record: fixed lengths plus one length byte per variable field. */
    final int minimumLength;

    /** The fields with an action other than IGNORE, with their offsets (fixed templates only). */
    final byte[] planActions;

    final int[] planOffsets;
    final int[] planLengths;

    /** When the template was last announced (epoch ms), for its lifetime. */
    long refreshedMs;

    private Template(
            int version,
            long observationDomain,
            int templateId,
            boolean options,
            int scopeFieldCount,
            int[] elementIds,
            long[] enterpriseNumbers,
            int[] lengths) {
        this.version = version;
        this.observationDomain = observationDomain;
        this.templateId = templateId;
        this.options = options;
        this.scopeFieldCount = scopeFieldCount;
        this.elementIds = elementIds;
        this.enterpriseNumbers = enterpriseNumbers;
        this.lengths = lengths;
        this.actions = compileActions();
        int fixed = 0;
        int minimum = 0;
        for (int length : lengths) {
            fixed = length == InformationElement.VARIABLE_LENGTH || fixed < 0 ? -1 : fixed + length;
            minimum += length == InformationElement.VARIABLE_LENGTH ? 1 : length;
        }
        this.fixedLength = fixed;
        this.minimumLength = minimum;
        int planned = 0;
        for (byte action : actions) {
            planned += action == FieldAction.IGNORE ? 0 : 1;
        }
        this.planActions = new byte[planned];
        this.planOffsets = new int[planned];
        this.planLengths = new int[planned];
        compilePlan();
    }

    /**
     * Compiles a template. The arrays must have {@code fieldCount} entries; the caller has checked
     * the field count against its bound and every length against the data that carried it.
     */
    static Template of(
            int version,
            long observationDomain,
            int templateId,
            boolean options,
            int scopeFieldCount,
            int[] elementIds,
            long[] enterpriseNumbers,
            int[] lengths) {
        return new Template(
                version,
                observationDomain,
                templateId,
                options,
                scopeFieldCount,
                elementIds,
                enterpriseNumbers,
                lengths);
    }

    /** Cache key: version, observation domain and template id in one long. */
    static long key(int version, long observationDomain, int templateId) {
        return ((long) version << 48) | (observationDomain << 16) | templateId;
    }

    long key() {
        return key(version, observationDomain, templateId);
    }

    int fieldCount() {
        return elementIds.length;
    }

    boolean isScope(int index) {
        return index < scopeFieldCount;
    }

    /** Whether {@code other} declares the same fields (a refresh rather than a redefinition). */
    boolean sameDefinition(Template other) {
        return options == other.options
                && scopeFieldCount == other.scopeFieldCount
                && Arrays.equals(elementIds, other.elementIds)
                && Arrays.equals(enterpriseNumbers, other.enterpriseNumbers)
                && Arrays.equals(lengths, other.lengths);
    }

    private byte[] compileActions() {
        byte[] compiled = new byte[elementIds.length];
        for (int i = 0; i < compiled.length; i++) {
            // RFC 3954 section 6.1: v9 scope fields have their own types (system, interface...).
            boolean netFlowScope = version == 9 && i < scopeFieldCount;
            compiled[i] =
                    netFlowScope
                            ? FieldAction.IGNORE
                            : FieldAction.of(enterpriseNumbers[i], elementIds[i], lengths[i]);
        }
        keepPreferredAlternatives(compiled);
        return compiled;
    }

    /** Of several fields with the same action, keeps the preferred one (the first on a tie). */
    private void keepPreferredAlternatives(byte[] compiled) {
        for (int i = 0; i < compiled.length; i++) {
            if (compiled[i] == FieldAction.IGNORE) {
                continue;
            }
            for (int j = i + 1; j < compiled.length; j++) {
                if (compiled[j] != compiled[i]) {
                    continue;
                }
                if (preference(j) < preference(i)) {
                    compiled[i] = FieldAction.IGNORE;
                    break;
                }
                compiled[j] = FieldAction.IGNORE;
            }
        }
    }

    private int preference(int index) {
        return enterpriseNumbers[index] == 0 ? FieldAction.preference(elementIds[index]) : 0;
    }

    private void compilePlan() {
        int offset = 0;
        int planned = 0;
        for (int i = 0; i < actions.length; i++) {
            if (actions[i] != FieldAction.IGNORE) {
                planActions[planned] = actions[i];
                planOffsets[planned] = offset;
                planLengths[planned] = lengths[i];
                planned++;
            }
            offset += lengths[i] == InformationElement.VARIABLE_LENGTH ? 0 : lengths[i];
        }
    }
}
