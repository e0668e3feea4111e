package io.moderationstream.scoring.citations;

import java.io.Serializable;

/** {@code scorers.citations.options} of the job config. */
public class CitationScorerConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Directory of the Lucene index built by {@code citations index}. */
    public String indexDir = "target/citation-index";
    /** References checked per event at most; the rest are counted but not resolved. */
    public int maxReferences = 200;
    /** Crossref / OpenAlex look-ups through Flink Async I/O for what the local index cannot vouch for. */
    public RemoteResolverConfig remote = new RemoteResolverConfig();
}
