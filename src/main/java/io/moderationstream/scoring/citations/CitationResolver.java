package io.moderationstream.scoring.citations;

/**
 * Checks references against a citation database. Implementations: the local index (embedded default) and the
 * remote Crossref / OpenAlex resolvers. An outage must give {@link CitationStatus#UNVERIFIABLE}, never NOT_FOUND.
 */
public interface CitationResolver extends AutoCloseable {
    Resolution resolve(Reference reference);

    @Override
    default void close() throws Exception {}
}
