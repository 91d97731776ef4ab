package dev.flowsentry.detection.features;

import java.io.Serializable;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Merges the partial features of one host and window (from the {@link PartialFeaturesOperator}s of
 * every upstream subtask) with the merge of the aggregate that built them, so that the window ends
 * with the features a window over the single flows would have computed.
 *
 * @param <F> the features type
 */
public final class PartialsAggregate<F> implements AggregateFunction<F, F, F> {

    private static final long serialVersionUID = 1L;

    private final AggregateFunction<?, F, F> aggregate;
    private final EmptyCheck<F> isEmpty;

    /**
     * @param aggregate the aggregate that built the partials ({@link InboundAggregate}, ...)
     * @param isEmpty whether an accumulator holds no flow yet (a partial always holds one)
     */
    public PartialsAggregate(AggregateFunction<?, F, F> aggregate, EmptyCheck<F> isEmpty) {
        this.aggregate = aggregate;
        this.isEmpty = isEmpty;
    }

    /** Merges inbound partials. */
    public static PartialsAggregate<InboundFeatures> inbound() {
        return new PartialsAggregate<>(new InboundAggregate(), features -> features.flows == 0);
    }

    /** Merges outbound partials built by {@code aggregate}. */
    public static PartialsAggregate<OutboundFeatures> outbound(OutboundAggregate aggregate) {
        return new PartialsAggregate<>(aggregate, features -> features.flows == 0);
    }

    @Override
    public F createAccumulator() {
        return aggregate.createAccumulator();
    }

    /**
     * The first partial of a host and window becomes the accumulator instead of being merged into
     * an empty one: most windows of a source get one partial (a spoofed source sends one flow).
     * Safe because partials arrive through a shuffle, each a fresh object that nothing else holds.
     */
    @Override
    public F add(F partial, F accumulator) {
        return isEmpty.test(accumulator) ? partial : aggregate.merge(accumulator, partial);
    }

    @Override
    public F getResult(F accumulator) {
        return accumulator;
    }

    @Override
    public F merge(F a, F b) {
        return aggregate.merge(a, b);
    }

    /**
     * Whether an accumulator holds no flow yet; serialisable, since it travels with the job graph.
     *
     * @param <F> the features type
     */
    @FunctionalInterface
    public interface EmptyCheck<F> extends Serializable {
        boolean test(F accumulator);
    }
}
