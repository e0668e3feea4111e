package io.moderationstream.fairness.derived;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageDetectionTest {
    @Test
    void tellsCommonLanguagesApart() {
        assertThat(LanguageDetection.detect("The committee will publish its findings on the housing market next week.")).isEqualTo("en");
        assertThat(LanguageDetection.detect("Der Ausschuss wird seine Ergebnisse zum Wohnungsmarkt nächste Woche veröffentlichen.")).isEqualTo("de");
        assertThat(LanguageDetection.detect("Le comité publiera ses conclusions sur le marché du logement la semaine prochaine.")).isEqualTo("fr");
        assertThat(LanguageDetection.detect("El comité publicará sus conclusiones sobre el mercado de la vivienda la próxima semana, según ha explicado hoy su presidente.")).isEqualTo("es");
        assertThat(LanguageDetection.detect("Комитет опубликует свои выводы о рынке жилья на следующей неделе.")).isEqualTo("ru");
        assertThat(LanguageDetection.detect("委員会は来週、住宅市場に関する調査結果を公表する予定です。")).isEqualTo("ja");
        assertThat(LanguageDetection.detect("ستنشر اللجنة نتائجها بشأن سوق الإسكان الأسبوع المقبل.")).isEqualTo("ar");
    }

    @Test
    void saysUndeterminedWhenThereIsTooLittleToGoOn() {
        assertThat(LanguageDetection.detect("ok")).isEqualTo(LanguageDetection.UNDETERMINED);
        assertThat(LanguageDetection.detect("Moses Cordovero was a central figure")).isEqualTo(LanguageDetection.UNDETERMINED);
        assertThat(LanguageDetection.detect("12345 67890 !!! ??? 3.14159")).isEqualTo(LanguageDetection.UNDETERMINED);
        assertThat(LanguageDetection.detect("")).isEqualTo(LanguageDetection.UNDETERMINED);
    }

    @Test
    void readsOnlyTheOpeningOfALongText() {
        String english = "This answer explains how the tax credit works for families with children. ".repeat(40);
        assertThat(LanguageDetection.detect(english + "Und dann kommt ein langer deutscher Anhang. ".repeat(200))).isEqualTo("en");
    }
}
