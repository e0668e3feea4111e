package io.moderationstream.scoring.protected_material;

import java.io.Serializable;

/** {@code scorers.protected_material.options}. */
public class ProtectedMaterialConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * The index built by {@code protected index}: a local directory or a Flink file-system URI (copied to local disk
     * once per TaskManager). The branch runs when this is set.
     */
    public String indexDir;
    /** Only the first this-many UTF-16 characters of a completion are checked (its verdict says so when cut). */
    public int maxChars = 100_000;
    /** At most this many matches are listed as evidence (coverage and longest match count them all). */
    public int maxMatches = 20;
    /** Evidence quotes at most this many characters of each matched span (the offsets give the whole). */
    public int evidenceChars = 200;
}
