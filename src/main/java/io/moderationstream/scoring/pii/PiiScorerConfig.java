package io.moderationstream.scoring.pii;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code scorers.pii.options}. */
public class PiiScorerConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Regions whose national phone formats are recognised (numbers written with +country code always are). */
    public List<String> regions = new ArrayList<>(List.of("US", "GB", "DE", "FR", "IN", "CA", "AU"));
    /** Values below this confidence are not reported, shown or redacted. */
    public double reportThreshold = 0.5;
    /** Values never reported, per tenant id ("*": every tenant): the company's own support address, a public test card. */
    public Map<String, List<String>> allowList = new LinkedHashMap<>();
    /** At most this many values per text are reported (the rest of a dump adds nothing for a reviewer). */
    public int maxEntities = 100;
}
