package io.moderationstream.scoring.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each type's validator and context rule, and the hard negatives that must never be reported. */
class PiiDetectorTest {
    private static final PiiDetector DETECTOR = new PiiDetector(new PiiScorerConfig());

    static List<PiiEntity> find(String text) {
        return DETECTOR.detect(text, "tenant-a");
    }

    static List<String> values(String text) {
        return find(text).stream().map(e -> e.type() + ":" + text.substring(e.begin(), e.end())).toList();
    }

    @Test
    void emailAddressesAreValidatedAndTrailingDotsLeftOut() {
        assertThat(values("Write to jane.doe+news@example.co.uk. Thanks")).containsExactly("EMAIL_ADDRESS:jane.doe+news@example.co.uk");
        assertThat(values("the handle @example.com and foo@bar (no domain)")).isEmpty();
    }

    @Test
    void cardsNeedLuhnAndAnIssuerRangeAndContextMovesThem() {
        assertThat(values("My card number is 4111 1111 1111 1111, expiring 12/27.")).containsExactly("CREDIT_CARD:4111 1111 1111 1111");
        assertThat(find("card 4111 1111 1111 1111").get(0).score()).isGreaterThan(find("see 4111 1111 1111 1111").get(0).score());
        assertThat(values("Amex 3782-822463-10005 and Mastercard 5555555555554444"))
                .containsExactly("CREDIT_CARD:3782-822463-10005", "CREDIT_CARD:5555555555554444");
        assertThat(values("card 4111 1111 1111 1112")).as("fails Luhn").isEmpty();
        assertThat(values("card 9111 1111 1111 1115")).as("passes Luhn, no issuer starts with 9").isEmpty();
        assertThat(values("Your order number 4111111111111111 has shipped")).as("negative context").isEmpty();
    }

    @Test
    void ibansAreCheckedByCountryLengthAndMod97() {
        assertThat(values("Please wire it to DE89 3704 0044 0532 0130 00 today")).containsExactly("IBAN_CODE:DE89 3704 0044 0532 0130 00");
        assertThat(values("IBAN GB82WEST12345698765432.")).containsExactly("IBAN_CODE:GB82WEST12345698765432");
        assertThat(values("IBAN DE89 3704 0044 0532 0130 01")).as("bad check digits").isEmpty();
    }

    @Test
    void ssnsFollowTheSsaRulesAndBareDigitsNeedContext() {
        assertThat(values("SSN: 536-22-8726")).containsExactly("US_SSN:536-22-8726");
        assertThat(values("her social security number is 536228726")).containsExactly("US_SSN:536228726");
        assertThat(values("reference 536228726")).isEmpty();
        assertThat(values("SSN 666-12-3456, 000-12-3456, 912-12-3456, 536-00-1234, 536-22-0000, 078-05-1120")).isEmpty();
    }

    @Test
    void phoneNumbersAreParsedForTheirRegion() {
        assertThat(values("Call me at (415) 555-2671 tomorrow")).containsExactly("PHONE_NUMBER:(415) 555-2671");
        assertThat(values("Our London office: +44 20 7946 0958.")).containsExactly("PHONE_NUMBER:+44 20 7946 0958");
        assertThat(values("call 123-4567-890")).as("does not parse as a valid number").isEmpty();
    }

    @Test
    void ipAddressesButNotVersions() {
        assertThat(values("The login came from 203.0.113.42 at night")).containsExactly("IP_ADDRESS:203.0.113.42");
        assertThat(values("connect to 2001:db8:85a3::8a2e:370:7334 instead")).containsExactly("IP_ADDRESS:2001:db8:85a3::8a2e:370:7334");
        assertThat(values("upgrade to v1.2.3.4 or version 2.0.1.7 or 1.2.3.4.5")).isEmpty();
        assertThat(values("the meeting is at 10:30:00 on 2024-03-15")).isEmpty();
    }

    @Test
    void walletAddressesWithTheirChecksums() {
        assertThat(values("send BTC to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 please")).containsExactly("CRYPTO_WALLET:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2");
        assertThat(values("wallet bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")).containsExactly("CRYPTO_WALLET:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
        assertThat(values("send BTC to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 please")).as("bad checksum").isEmpty();
        assertThat(values("my ethereum wallet 0x52908400098527886E0F7030069857D2E4169EE7"))
                .containsExactly("CRYPTO_WALLET:0x52908400098527886E0F7030069857D2E4169EE7");
    }

    @Test
    void secretsByGitleaksRules() {
        assertThat(values("export AWS_ACCESS_KEY_ID=AKIAZ7VRSQ5TJN2XMY6K")).containsExactly("SECRET:AKIAZ7VRSQ5TJN2XMY6K");
        assertThat(find("export AWS_ACCESS_KEY_ID=AKIAZ7VRSQ5TJN2XMY6K").get(0).rule()).isEqualTo("aws-access-token");
        assertThat(values("token: ghp_4Tq8ZpL2mN7vR1sX9cK3bW6yH0jD5fA8eG2u")).containsExactly("SECRET:ghp_4Tq8ZpL2mN7vR1sX9cK3bW6yH0jD5fA8eG2u");
        assertThat(values("db: postgres://app:S3cr3t-Pa55w0rd@db.internal:5432/app")).containsExactly("SECRET:S3cr3t-Pa55w0rd");
        assertThat(values("db: postgres://app:<password>@db.internal:5432/app")).as("a placeholder").isEmpty();
        String key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq98vF3mX2kLZ5p0qR8sT1uV4wY6zA9bC2dE5fG8hJ1kL4mN7\n"
                + "pQ0rS3tU6vW9xY2zA5bC8dE1fG4hJ7kL0mN3pQ6rS9tU2vW5xY8zA1bC4dE7fG0h\n-----END RSA PRIVATE KEY-----";
        assertThat(find("here is the key:\n" + key)).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo(PiiType.SECRET));
        assertThat(values("set api_key = YOUR_API_KEY_HERE and password = correcthorsebattery")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "The build finished at 2024-03-15T10:30:00Z (epoch 1710498600).",
            "Order #4111111111111112 and invoice INV-2024-000123 were sent.",
            "ISBN 978-3-16-148410-0 is the second edition.",
            "Upgrade to version 10.2.3.4 of the driver.",
            "Commit 3f2a9c1e7b4d8a6f0e5c2b1a9d8c7e6f5a4b3c2d fixed it; request id 550e8400-e29b-41d4-a716-446655440000.",
            "Tracking number 1Z999AA10123456784 arrives Friday.",
            "The sequence 1234 5678 9012 3456 fails Luhn.",
            "Part 900-12-3456 is not an SSN; neither is 123-45-6789.",
            "Dial 555-0100-999 to hear nothing."})
    void hardNegativesAreNotReported(String text) {
        assertThat(values(text)).isEmpty();
    }

    @Test
    void aTenantsAllowListKeepsItsOwnValuesOut() {
        PiiScorerConfig config = new PiiScorerConfig();
        config.allowList = Map.of("tenant-a", List.of("support@acme.com"), "*", List.of("4242 4242 4242 4242"));
        PiiDetector detector = new PiiDetector(config);
        String text = "Mail support@acme.com or pay with card 4242-4242-4242-4242.";
        assertThat(detector.detect(text, "tenant-a")).isEmpty();
        assertThat(detector.detect(text, "tenant-b")).extracting(PiiEntity::type).containsExactly(PiiType.EMAIL_ADDRESS);
    }

    @Test
    void hostileInputFinishesInLinearTime() {
        List<String> hostile = List.of("7".repeat(2_000_000), "@".repeat(100_000), "key=".repeat(50_000) + "A",
                "api_key=" + "a1".repeat(100_000), "1.".repeat(200_000), "+1 (".repeat(100_000), "postgres://u:".repeat(20_000));
        for (String text : hostile) {
            long start = System.nanoTime();
            DETECTOR.detect(text, "t");
            // Generous: linear work on 2 MB is well under a second; a quadratic matcher takes minutes.
            assertThat((System.nanoTime() - start) / 1e9).as(text.substring(0, 8)).isLessThan(20);
        }
    }
}
