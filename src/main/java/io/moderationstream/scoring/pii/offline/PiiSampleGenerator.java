package io.moderationstream.scoring.pii.offline;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.moderationstream.scoring.pii.PiiType;
import io.moderationstream.scoring.pii.WalletChecksums;
import net.datafaker.Faker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded LLM-style answers — support replies, summaries, configuration snippets — about 1 KB each, with values of every
 * detected type planted (and their offsets recorded) and hard negatives that must not be reported: timestamps, order
 * and invoice numbers, ISBNs, version strings, git SHAs, UUIDs, 16-digit numbers that fail Luhn, SSN-shaped numbers
 * with invalid areas, phone-like numbers that do not parse. Values come from Datafaker and libphonenumber's metadata;
 * wallet addresses are encoded with their real checksums. The same seed gives the same file.
 */
public final class PiiSampleGenerator {
    /** One sample: the text, its planted values and its hard negatives. */
    public record Sample(String text, List<Span> entities, List<Span> hardNegatives) {}

    /** A planted value (type) or a hard negative (kind) and its offsets. */
    public record Span(String label, int begin, int end) {}

    private static final String[] FILLER = {
            "Thanks for reaching out, I'm happy to help with this.",
            "Here is a short summary of what we discussed and the next steps.",
            "I checked the account history and everything else looks in order.",
            "Let me know if anything in the steps below is unclear.",
            "The team reviewed the request this morning and agreed on the plan.",
            "As a reminder, our support hours are Monday to Friday.",
            "In short, the migration went smoothly and no data was lost.",
            "The report covers performance, reliability and the open issues.",
            "Please keep this message for your records.",
            "We appreciate your patience while we looked into it.",
    };
    private static final String[] REGIONS = {"US", "GB", "DE", "FR", "IN"};

    private final Random random;
    private final Faker faker;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    public PiiSampleGenerator(long seed) {
        random = new Random(seed);
        faker = new Faker(Locale.US, new Random(seed ^ 0x5DEECE66DL));
    }

    public Sample next() {
        Builder b = new Builder();
        int parts = 9 + random.nextInt(5);
        for (int i = 0; i < parts; i++) {
            int pick = random.nextInt(10);
            if (pick < 4) {
                b.text(FILLER[random.nextInt(FILLER.length)] + " ");
            } else if (pick < 7) {
                plant(b, PiiType.values()[random.nextInt(PiiType.SECRET.ordinal() + 1)]);
            } else {
                hardNegative(b);
            }
        }
        return b.build();
    }

    private void plant(Builder b, PiiType type) {
        switch (type) {
            case EMAIL_ADDRESS -> b.text("You can email " + faker.name().firstName() + " at ").value(type, faker.internet().emailAddress()).text(". ");
            case PHONE_NUMBER -> b.text(pick("Call us on ", "Her mobile is ", "The office line is ")).value(type, phone()).text(". ");
            case CREDIT_CARD -> b.text(pick("The card on file is ", "I charged the Visa ending in 1234 — full number ", "Card number: "))
                    .value(type, card()).text(". ");
            case IBAN_CODE -> b.text(pick("Please transfer the refund to IBAN ", "Wire it to ")).value(type, iban()).text(". ");
            case US_SSN -> b.text(pick("His SSN is ", "Social security number: ")).value(type, faker.idNumber().ssnValid()).text(". ");
            case IP_ADDRESS -> b.text(pick("The request came from ", "Connect to the server at "))
                    .value(type, random.nextBoolean() ? faker.internet().publicIpV4Address() : faker.internet().ipV6Address()).text(". ");
            case CRYPTO_WALLET -> b.text(pick("Send the payment to wallet ", "My bitcoin address is ", "Deposit to ")).value(type, wallet()).text(". ");
            case SECRET -> secret(b);
            default -> { }
        }
    }

    private void secret(Builder b) {
        switch (random.nextInt(5)) {
            case 0 -> b.text("Set it in your shell:\nexport AWS_ACCESS_KEY_ID=").value(PiiType.SECRET, "AKIA" + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)).text("\n");
            case 1 -> b.text("Use this token: ").value(PiiType.SECRET, "ghp_" + chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 36)).text(" ");
            case 2 -> b.text("The bot token is ").value(PiiType.SECRET, "xoxb-" + digits(11) + "-" + digits(12) + "-" + chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 24)).text(" ");
            case 3 -> b.text("DATABASE_URL=postgres://app:").value(PiiType.SECRET, chars("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 10) + digits(3) + "!")
                    .text("@db.internal:5432/app\n");
            default -> b.text("Stripe key: ").value(PiiType.SECRET, "sk_live_" + chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 24)).text(" ");
        }
    }

    private void hardNegative(Builder b) {
        switch (random.nextInt(10)) {
            case 0 -> b.text("The job finished at ").negative("timestamp", faker.timeAndDate().past(900, java.util.concurrent.TimeUnit.DAYS).toString()).text(". ");
            case 1 -> b.text("Your order number is ").negative("order", digits(10 + random.nextInt(7))).text(". ");
            case 2 -> b.text("Invoice ").negative("invoice", "INV-" + (2020 + random.nextInt(6)) + "-" + digits(6)).text(" is attached. ");
            case 3 -> b.text("See ISBN ").negative("isbn", isbn()).text(" for details. ");
            case 4 -> b.text(pick("Upgrade to version ", "Tested on release ")).negative("version",
                    (1 + random.nextInt(12)) + "." + random.nextInt(20) + "." + random.nextInt(30) + (random.nextBoolean() ? "." + random.nextInt(200) : "")).text(". ");
            case 5 -> b.text("Fixed in commit ").negative("git_sha", chars("0123456789abcdef", 40)).text(". ");
            case 6 -> b.text("Request id ").negative("uuid", java.util.UUID.nameUUIDFromBytes(digits(12).getBytes()).toString()).text(". ");
            case 7 -> b.text("Reference ").negative("luhn_fail", luhnFailing()).text(". ");
            case 8 -> b.text("Case ").negative("ssn_invalid_area", pick("000", "666", "9" + digits(2)) + "-" + digits(2) + "-" + digits(4)).text(" was closed. ");
            default -> b.text("Dial ").negative("phone_unparseable", unparseablePhone()).text(" for nothing. ");
        }
    }

    private String phone() {
        String region = REGIONS[random.nextInt(REGIONS.length)];
        PhoneNumber example = phones.getExampleNumberForType(region, random.nextBoolean()
                ? PhoneNumberUtil.PhoneNumberType.MOBILE : PhoneNumberUtil.PhoneNumberType.FIXED_LINE);
        for (int attempt = 0; attempt < 50; attempt++) {
            String national = String.valueOf(example.getNationalNumber());
            String changed = national.substring(0, national.length() - 4) + digits(4);
            PhoneNumber n = new PhoneNumber().setCountryCode(example.getCountryCode()).setNationalNumber(Long.parseLong(changed));
            if (phones.isValidNumber(n)) {
                boolean international = !region.equals("US") || random.nextInt(3) == 0;
                return phones.format(n, international ? PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL : PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
            }
        }
        return phones.format(example, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
    }

    /** Shaped like a US number (3-3-4) but valid in none of the regions the scorer knows by default. */
    private String unparseablePhone() {
        String candidate = "";
        for (int attempt = 0; attempt < 100; attempt++) {
            candidate = "1" + digits(2) + "-" + digits(3) + "-" + digits(4);
            boolean parses = false;
            for (String region : new io.moderationstream.scoring.pii.PiiScorerConfig().regions) {
                parses |= phones.findNumbers(candidate, region, PhoneNumberUtil.Leniency.VALID, 4).iterator().hasNext();
            }
            if (!parses) {
                return candidate;
            }
        }
        return candidate;
    }

    private String card() {
        String[] prefixes = {"4", "51", "55", "2221", "34", "37", "6011", "3528"};
        String prefix = prefixes[random.nextInt(prefixes.length)];
        int length = prefix.startsWith("3") && !prefix.equals("3528") ? 15 : 16;
        String body = prefix + digits(length - prefix.length() - 1);
        String number = body + luhnDigit(body);
        if (length == 15) {
            return number.substring(0, 4) + " " + number.substring(4, 10) + " " + number.substring(10);
        }
        String sep = pick(" ", "-", "");
        return String.join(sep, number.substring(0, 4), number.substring(4, 8), number.substring(8, 12), number.substring(12));
    }

    private String iban() {
        String iban = faker.finance().iban(pick("DE", "GB", "FR", "NL", "ES", "IT"));
        if (random.nextBoolean()) {
            return iban;
        }
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < iban.length(); i += 4) {
            grouped.append(i == 0 ? "" : " ").append(iban, i, Math.min(iban.length(), i + 4));
        }
        return grouped.toString();
    }

    private String wallet() {
        return switch (random.nextInt(3)) {
            case 0 -> base58Check(random.nextBoolean() ? 0x00 : 0x05);
            case 1 -> bech32("bc", 20);
            default -> "0x" + chars("0123456789abcdef", 40);
        };
    }

    private String base58Check(int version) {
        byte[] payload = new byte[21];
        random.nextBytes(payload);
        payload[0] = (byte) version;
        return WalletChecksums.base58CheckEncode(payload);
    }

    /** A version-0 witness program (P2WPKH): its bytes regrouped into 5-bit words, bech32-encoded (BIP-173). */
    private String bech32(String hrp, int programBytes) {
        byte[] program = new byte[programBytes];
        random.nextBytes(program);
        List<Integer> data = new ArrayList<>();
        data.add(0);
        int acc = 0;
        int bits = 0;
        for (byte b : program) {
            acc = (acc << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                data.add((acc >> bits) & 31);
            }
        }
        if (bits > 0) {
            data.add((acc << (5 - bits)) & 31);
        }
        return WalletChecksums.bech32Encode(hrp, data.stream().mapToInt(Integer::intValue).toArray());
    }

    private String isbn() {
        String body = "978" + digits(9);
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (body.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        String isbn = body + (10 - sum % 10) % 10;
        return isbn.substring(0, 3) + "-" + isbn.charAt(3) + "-" + isbn.substring(4, 6) + "-" + isbn.substring(6, 12) + "-" + isbn.charAt(12);
    }

    private String luhnFailing() {
        String body = "4" + digits(14);
        int wrong = (luhnDigit(body) + 1 + random.nextInt(9)) % 10;
        String n = body + wrong;
        return String.join(" ", n.substring(0, 4), n.substring(4, 8), n.substring(8, 12), n.substring(12));
    }

    static int luhnDigit(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    private String digits(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private String chars(String alphabet, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    /** Appends text and records where each planted value and hard negative lands. */
    private static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private final List<Span> entities = new ArrayList<>();
        private final List<Span> negatives = new ArrayList<>();

        Builder text(String s) {
            text.append(s);
            return this;
        }

        Builder value(PiiType type, String value) {
            entities.add(new Span(type.name(), text.length(), text.length() + value.length()));
            text.append(value);
            return this;
        }

        Builder negative(String kind, String value) {
            negatives.add(new Span(kind, text.length(), text.length() + value.length()));
            text.append(value);
            return this;
        }

        Sample build() {
            return new Sample(text.toString().strip(), entities, negatives);
        }
    }
}
