package io.moderationstream.scoring.pii;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.List;

/**
 * Cryptocurrency wallet addresses. Bitcoin addresses carry checksums, which are verified: legacy and P2SH addresses
 * (Base58Check, double SHA-256) and SegWit/Taproot addresses (BIP-173 bech32 and BIP-350 bech32m). An Ethereum address
 * ({@code 0x} and 40 hex digits) has no checksum that the JDK can verify (EIP-55 needs Keccak-256), so it starts lower
 * and relies on context. The checksums are in {@link WalletChecksums}.
 */
final class CryptoWalletRecognizer implements Recognizer {
    private static final Pattern BASE58 = Pattern.compile("\\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\\b");
    private static final Pattern BECH32 = Pattern.compile("(?i)\\b(?:bc|tb)1[02-9ac-hj-np-z]{11,71}\\b");
    private static final Pattern ETHEREUM = Pattern.compile("\\b0x[0-9a-fA-F]{40}\\b");
    private static final double CHECKSUMMED_BASE = 0.9;
    private static final double ETHEREUM_BASE = 0.6;

    @Override
    public void find(String text, ContextWords.Hits context, List<PiiEntity> out) {
        if (Shapes.longestAlphanumericRun(text) < 26) {
            return;
        }
        add(BASE58, text, context, out, CHECKSUMMED_BASE, WalletChecksums::base58Check);
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("bc1") || lower.contains("tb1")) {
            add(BECH32, text, context, out, CHECKSUMMED_BASE, WalletChecksums::bech32);
        }
        if (text.contains("0x")) {
            add(ETHEREUM, text, context, out, ETHEREUM_BASE, v -> true);
        }
    }

    private static void add(Pattern pattern, String text, ContextWords.Hits context, List<PiiEntity> out, double base,
                            java.util.function.Predicate<String> valid) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (valid.test(m.group())) {
                out.add(new PiiEntity(PiiType.CRYPTO_WALLET, m.start(), m.end(),
                        Recognizer.confidence(base, PiiType.CRYPTO_WALLET, m.start(), m.end(), context), null));
            }
        }
    }
}
