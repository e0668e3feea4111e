package io.moderationstream.scoring.pii;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * Cryptocurrency wallet addresses. Bitcoin addresses carry checksums, which are verified: legacy and P2SH addresses
 * (Base58Check, double SHA-256) and SegWit/Taproot addresses (BIP-173 bech32 and BIP-350 bech32m). An Ethereum address
 * ({@code 0x} and 40 hex digits) has no checksum that the JDK can verify (EIP-55 needs Keccak-256), so it starts lower
 * and relies on context. No library on Maven Central does only this; the two checksums are the specifications' own
 * reference algorithms, a few lines each.
 */
final class CryptoWalletRecognizer implements Recognizer {
    private static final Pattern BASE58 = Pattern.compile("\\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\\b");
    private static final Pattern BECH32 = Pattern.compile("(?i)\\b(?:bc|tb)1[02-9ac-hj-np-z]{11,71}\\b");
    private static final Pattern ETHEREUM = Pattern.compile("\\b0x[0-9a-fA-F]{40}\\b");
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final double CHECKSUMMED_BASE = 0.9;
    private static final double ETHEREUM_BASE = 0.6;

    @Override
    public void find(String text, ContextWords.Hits context, List<PiiEntity> out) {
        if (Shapes.longestAlphanumericRun(text) < 26) {
            return;
        }
        add(BASE58, text, context, out, CHECKSUMMED_BASE, CryptoWalletRecognizer::base58Check);
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("bc1") || lower.contains("tb1")) {
            add(BECH32, text, context, out, CHECKSUMMED_BASE, CryptoWalletRecognizer::bech32);
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

    /** Base58 decodes to version byte + 20-byte hash + 4-byte checksum = first four bytes of SHA-256(SHA-256(payload)). */
    static boolean base58Check(String address) {
        BigInteger value = BigInteger.ZERO;
        for (int i = 0; i < address.length(); i++) {
            int digit = ALPHABET.indexOf(address.charAt(i));
            if (digit < 0) {
                return false;
            }
            value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(digit));
        }
        byte[] raw = value.toByteArray();
        byte[] decoded = new byte[25];
        int leadingOnes = 0;
        while (leadingOnes < address.length() && address.charAt(leadingOnes) == '1') {
            leadingOnes++;
        }
        int significant = raw.length > 0 && raw[0] == 0 ? raw.length - 1 : raw.length;
        if (leadingOnes + significant != 25) {
            return false;
        }
        System.arraycopy(raw, raw.length - significant, decoded, 25 - significant, significant);
        byte[] checksum = sha256(sha256(Arrays.copyOfRange(decoded, 0, 21)));
        return Arrays.equals(Arrays.copyOfRange(checksum, 0, 4), Arrays.copyOfRange(decoded, 21, 25));
    }

    /** BIP-173 / BIP-350: the polymod of the expanded human-readable part and the data is 1 (bech32) or 0x2bc830a3 (bech32m). */
    static boolean bech32(String address) {
        if (!address.equals(address.toLowerCase(java.util.Locale.ROOT)) && !address.equals(address.toUpperCase(java.util.Locale.ROOT))) {
            return false;
        }
        String a = address.toLowerCase(java.util.Locale.ROOT);
        int separator = a.lastIndexOf('1');
        String hrp = a.substring(0, separator);
        int[] values = new int[hrp.length() * 2 + 1 + a.length() - separator - 1];
        int k = 0;
        for (int i = 0; i < hrp.length(); i++) {
            values[k++] = hrp.charAt(i) >> 5;
        }
        values[k++] = 0;
        for (int i = 0; i < hrp.length(); i++) {
            values[k++] = hrp.charAt(i) & 31;
        }
        for (int i = separator + 1; i < a.length(); i++) {
            int v = BECH32_CHARSET.indexOf(a.charAt(i));
            if (v < 0) {
                return false;
            }
            values[k++] = v;
        }
        int polymod = polymod(values);
        return polymod == 1 || polymod == 0x2bc830a3;
    }

    private static int polymod(int[] values) {
        int[] generator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int chk = 1;
        for (int v : values) {
            int top = chk >>> 25;
            chk = (chk & 0x1ffffff) << 5 ^ v;
            for (int i = 0; i < 5; i++) {
                if ((top >>> i & 1) != 0) {
                    chk ^= generator[i];
                }
            }
        }
        return chk;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
