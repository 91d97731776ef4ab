package dev.flowsentry.decoder.codec;

import dev.flowsentry.flow.IpAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The binary form of the decoder's templates and per-domain options state (sampling, samplers,
 * systemInitTimeMilliseconds), so that a restarted collector decodes at once instead of waiting
 * minutes for every exporter to resend its templates.
 *
 * <p>Layout (big-endian): magic {@code FSTP}, format version, exporter count; per exporter its
 * address (length byte, 4 or 16 bytes), its templates (version, domain, id, options flag, scope
 * count, refresh time, field count, then id, length and enterprise number of each field) and its
 * domains. Reading checks every count against the decoder's bounds before allocating.
 */
final class TemplateSnapshot {

    private static final int MAGIC = 0x46535450;
    private static final int FORMAT_VERSION = 1;

    private TemplateSnapshot() {}

    static byte[] write(Collection<ExporterState> exporters) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(exporters.size());
            for (ExporterState state : exporters) {
                writeExporter(out, state);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen in memory", e);
        }
        return bytes.toByteArray();
    }

    private static void writeExporter(DataOutputStream out, ExporterState state)
            throws IOException {
        byte[] address = state.exporter.toBytes();
        out.writeByte(address.length);
        out.write(address);
        out.writeInt(state.templates.size());
        for (Template template : state.templates.values()) {
            writeTemplate(out, template);
        }
        out.writeInt(state.domains.size());
        for (DomainState domain : state.domains.values()) {
            out.writeByte(domain.version);
            out.writeLong(domain.observationDomain);
            out.writeLong(domain.samplingInterval);
            out.writeLong(domain.systemInitMs);
            out.writeInt(domain.samplerCount());
            for (int i = 0; i < domain.samplerCount(); i++) {
                out.writeLong(domain.samplerIdAt(i));
                out.writeLong(domain.samplerIntervalAt(i));
            }
        }
    }

    private static void writeTemplate(DataOutputStream out, Template template) throws IOException {
        out.writeByte(template.version);
        out.writeLong(template.observationDomain);
        out.writeShort(template.templateId);
        out.writeBoolean(template.options);
        out.writeShort(template.scopeFieldCount);
        out.writeLong(template.refreshedMs);
        out.writeShort(template.fieldCount());
        for (int i = 0; i < template.fieldCount(); i++) {
            out.writeShort(template.elementIds[i]);
            out.writeShort(template.lengths[i]);
            out.writeInt((int) template.enterpriseNumbers[i]);
        }
    }

    /**
     * Restores the exporters accepted by {@code owns}.
     *
     * @return the number of templates restored
     * @throws IllegalArgumentException when the snapshot is not one or is damaged; what was read
     *     before the damage stays restored
     */
    static int read(
            byte[] snapshot,
            Predicate<IpAddress> owns,
            Function<IpAddress, ExporterState> stateOf,
            TemplateCache cache,
            DecoderSettings settings) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT_VERSION) {
                throw new IllegalArgumentException("not a template snapshot of format version 1");
            }
            int exporters = in.readInt();
            int restored = 0;
            for (int i = 0; i < exporters; i++) {
                restored += readExporter(in, owns, stateOf, cache, settings);
            }
            return restored;
        } catch (IOException e) {
            throw new IllegalArgumentException("template snapshot truncated or damaged", e);
        }
    }

    private static int readExporter(
            DataInputStream in,
            Predicate<IpAddress> owns,
            Function<IpAddress, ExporterState> stateOf,
            TemplateCache cache,
            DecoderSettings settings)
            throws IOException {
        int addressLength = in.readUnsignedByte();
        if (addressLength != 4 && addressLength != 16) {
            throw new IllegalArgumentException("exporter address of " + addressLength + " bytes");
        }
        byte[] address = in.readNBytes(addressLength);
        IpAddress exporter = IpAddress.ofBytes(address, 0, address.length);
        ExporterState state = owns.test(exporter) ? stateOf.apply(exporter) : null;
        int templates = bounded(in.readInt(), settings.maxTemplatesPerExporter(), "templates");
        int restored = 0;
        for (int i = 0; i < templates; i++) {
            Template template = readTemplate(in, settings);
            if (state != null && cache.restore(state, template)) {
                restored++;
            }
        }
        int domains = bounded(in.readInt(), settings.maxDomainsPerExporter(), "domains");
        for (int i = 0; i < domains; i++) {
            readDomain(in, state, settings);
        }
        return restored;
    }

    private static Template readTemplate(DataInputStream in, DecoderSettings settings)
            throws IOException {
        int version = in.readUnsignedByte();
        long observationDomain = in.readLong() & 0xFFFF_FFFFL;
        int templateId = in.readUnsignedShort();
        boolean options = in.readBoolean();
        int scopeCount = in.readUnsignedShort();
        long refreshedMs = in.readLong();
        int fieldCount = bounded(in.readUnsignedShort(), settings.maxFieldsPerTemplate(), "fields");
        if ((version != 9 && version != 10) || scopeCount > fieldCount || templateId < 256) {
            throw new IllegalArgumentException("damaged template " + templateId);
        }
        int[] elementIds = new int[fieldCount];
        int[] lengths = new int[fieldCount];
        long[] enterpriseNumbers = new long[fieldCount];
        for (int i = 0; i < fieldCount; i++) {
            elementIds[i] = in.readUnsignedShort();
            lengths[i] = in.readUnsignedShort();
            enterpriseNumbers[i] = in.readInt() & 0xFFFF_FFFFL;
        }
        Template template =
                Template.of(
                        version,
                        observationDomain,
                        templateId,
                        options,
                        scopeCount,
                        elementIds,
                        enterpriseNumbers,
                        lengths);
        if (template.minimumLength == 0) {
            throw new IllegalArgumentException("damaged template " + templateId);
        }
        template.refreshedMs = refreshedMs;
        return template;
    }

    private static void readDomain(
            DataInputStream in, ExporterState state, DecoderSettings settings) throws IOException {
        int version = in.readUnsignedByte();
        long observationDomain = in.readLong() & 0xFFFF_FFFFL;
        long samplingInterval = in.readLong();
        long systemInitMs = in.readLong();
        int samplers = bounded(in.readInt(), settings.maxSamplersPerDomain(), "samplers");
        DomainState domain =
                state == null ? null : state.domain(version, observationDomain, settings);
        if (domain != null) {
            domain.samplingInterval = Math.max(0, samplingInterval);
            domain.systemInitMs = systemInitMs;
        }
        for (int i = 0; i < samplers; i++) {
            long samplerId = in.readLong();
            long interval = in.readLong();
            if (domain != null && interval > 0) {
                domain.putSampler(samplerId, interval);
            }
        }
    }

    private static int bounded(int count, int bound, String what) {
        if (count < 0 || count > bound) {
            throw new IllegalArgumentException(
                    "snapshot holds " + count + " " + what + ", outside 0.." + bound);
        }
        return count;
    }
}
