package io.moderationstream.scoring.toxicity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmojiTextTest {
    @Test
    void emojiBecomeTheirUnicodeNames() {
        assertThat(EmojiText.describe("🐀 make me 🤢").replaceAll("\\s+", " ").trim()).isEqualTo("rat make me nauseated face");
        String ascii = "plain text stays as it is";
        assertThat(EmojiText.describe(ascii)).isSameAs(ascii);
    }

    @Test
    void onlyTheBudgetIsDescribedAndNoSurrogatePairIsCut() {
        String text = "a🐀".repeat(1000);
        String described = EmojiText.describe(text, 4);
        assertThat(described.replaceAll("\\s+", " ").trim()).isEqualTo("a rat a");
        assertThat(EmojiText.describe(text, 2)).as("a budget ending inside the rat keeps none of it").isEqualTo("a");
    }
}
