package io.moderationstream.scoring;

/** What the scoring operators share when they create a branch's scorer. */
final class ScorerFactories {
    private ScorerFactories() {}

    /**
     * Creates a branch's scorer in its operator's {@code open()}. A model or index that cannot load will not load
     * after a restart either: the job fails now, with the reason, instead of restarting forever.
     */
    static <S extends Scorer> S createOrFailJob(ScorerFactory factory, Class<S> variant, String operatorName) {
        Scorer scorer;
        try {
            scorer = factory.create();
        } catch (Exception | LinkageError e) {
            throw new org.apache.flink.runtime.execution.SuppressRestartsException(
                    new FatalScorerException("could not create the scorer of " + operatorName
                            + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e));
        }
        if (!variant.isInstance(scorer)) {
            throw new org.apache.flink.runtime.execution.SuppressRestartsException(new FatalScorerException(
                    operatorName + ": " + scorer.getClass().getName() + " is not a " + variant.getSimpleName()
                            + " (the factory's execution mode and its scorer disagree)"));
        }
        return variant.cast(scorer);
    }
}
