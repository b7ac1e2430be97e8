package io.returnflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The template text: placeholders are {{name}}, every other brace is refused, values go in as they are. */
class TemplateTextTest {

    @Test
    void placeholdersAreReplacedByTheirValuesAsPlainText() {
        assertThat(TemplateText.render("寄件码 {{code}}，{{ storeName }} 见，{{missing}}!",
                Map.of("code", "AB-12", "storeName", "<b>店</b> {{code}}")))
                .isEqualTo("寄件码 AB-12，<b>店</b> {{code}} 见，!");
        assertThat(TemplateText.placeholders("{{a}} {{b}} {{a}}")).containsExactly("a", "b");
    }

    @Test
    void aBraceOutsideAPlaceholderIsRefused() {
        for (String bad : List.of("{{code}", "{code}}", "{code}", "code}}", "{{code", "{{}}", "{{co de}}",
                "{{1code}}", "a } b", "a { b")) {
            assertThatThrownBy(() -> TemplateText.placeholders(bad)).as(bad)
                    .isInstanceOf(TemplateText.Invalid.class).hasMessageContaining("character");
        }
    }

    @Test
    void aPlaceholderTheStepDoesNotKnowIsRefused() {
        assertThatThrownBy(() -> TemplateText.check("{{code}} {{amount}}", List.of("code")))
                .isInstanceOf(TemplateText.Invalid.class).hasMessageContaining("{{amount}}");
        TemplateText.check("{{code}}", List.of("code"));
    }
}
