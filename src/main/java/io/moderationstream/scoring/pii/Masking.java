package io.moderationstream.scoring.pii;

import java.util.Comparator;
import java.util.List;

/**
 * What outputs may show of a found value: a masked preview that lets a reviewer recognise the kind of value
 * ({@code j***@e***.com}, {@code **** **** **** 4242}) without learning it, and the redacted text ({@code <TYPE>}).
 */
public final class Masking {
    private Masking() {}

    public static String preview(PiiType type, String value) {
        return switch (type) {
            case EMAIL_ADDRESS -> email(value);
            case CREDIT_CARD, PHONE_NUMBER -> keepLastDigits(value, type == PiiType.CREDIT_CARD ? 4 : 2);
            case IBAN_CODE -> iban(value);
            case IP_ADDRESS -> ip(value);
            case CRYPTO_WALLET -> value.length() <= 8 ? stars(value.length()) : value.substring(0, 3) + "***" + value.substring(value.length() - 3);
            // Nothing of a secret, an SSN or a name is shown: any part of them is part of the credential or identity.
            case SECRET -> stars(Math.min(16, value.length()));
            case US_SSN, PERSON, LOCATION -> maskAlphanumerics(value);
        };
    }

    /** The text with each entity replaced by {@code <TYPE>}; entities must not overlap. */
    public static String redact(String text, List<PiiEntity> entities) {
        StringBuilder out = new StringBuilder(text.length());
        int cursor = 0;
        for (PiiEntity e : entities.stream().sorted(Comparator.comparingInt(PiiEntity::begin)).toList()) {
            if (e.begin() < cursor) {
                continue;
            }
            out.append(text, cursor, e.begin()).append('<').append(e.type().name()).append('>');
            cursor = e.end();
        }
        return out.append(text, cursor, text.length()).toString();
    }

    private static String email(String value) {
        int at = value.lastIndexOf('@');
        if (at <= 0) {
            return maskAlphanumerics(value);
        }
        String domain = value.substring(at + 1);
        int dot = domain.lastIndexOf('.');
        String host = dot > 0 ? domain.substring(0, dot) : domain;
        String tld = dot > 0 ? domain.substring(dot) : "";
        return value.charAt(0) + "***@" + (host.isEmpty() ? "" : host.charAt(0) + "***") + tld;
    }

    private static String keepLastDigits(String value, int keep) {
        int digits = 0;
        for (int i = 0; i < value.length(); i++) {
            digits += Character.isDigit(value.charAt(i)) ? 1 : 0;
        }
        StringBuilder out = new StringBuilder(value.length());
        int seen = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isDigit(c)) {
                out.append(++seen > digits - keep ? c : '*');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String iban(String value) {
        String compact = value.replace(" ", "");
        if (compact.length() < 8) {
            return maskAlphanumerics(value);
        }
        return compact.substring(0, 2) + stars(compact.length() - 6) + compact.substring(compact.length() - 4);
    }

    private static String ip(String value) {
        int dot = value.indexOf('.');
        if (dot > 0) {
            return value.substring(0, dot) + value.substring(dot).replaceAll("[0-9]", "*");
        }
        return maskAlphanumerics(value);
    }

    private static String maskAlphanumerics(String value) {
        return value.replaceAll("[\\p{Alnum}]", "*");
    }

    private static String stars(int n) {
        return "*".repeat(Math.max(0, n));
    }
}
