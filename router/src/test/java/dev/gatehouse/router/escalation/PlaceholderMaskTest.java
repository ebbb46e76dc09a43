package dev.gatehouse.router.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.Usage;
import dev.gatehouse.router.privacy.Finding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlaceholderMaskTest {

    static final String TEXT = "Mail jane@example.com or call 555-0100; jane@example.com again.";

    static List<Finding> findings(String text) {
        List<Finding> found = new ArrayList<>();
        var emails = Pattern.compile("\\S+@\\S+\\.com").matcher(text);
        while (emails.find()) found.add(new Finding("EMAIL_ADDRESS", emails.start(), emails.end(), 1));
        var phones = Pattern.compile("\\d{3}-\\d{4}").matcher(text);
        while (phones.find()) found.add(new Finding("PHONE_NUMBER", phones.start(), phones.end(), 1));
        return found;
    }

    /** Yields the given pieces, then an end. */
    record Pieces(ArrayDeque<String> pieces) implements TokenStream {
        static Pieces of(List<String> pieces) {
            return new Pieces(new ArrayDeque<>(pieces));
        }

        public TokenEvent next() {
            String p = pieces.poll();
            return p != null ? new TokenEvent.Text(p) : new TokenEvent.End(FinishReason.STOP, new Usage(1, 1));
        }

        public void close() { }
    }

    static String drainText(TokenStream s) {
        var text = new StringBuilder();
        TokenEvent e;
        while ((e = s.next()) instanceof TokenEvent.Text t) text.append(t.text());
        return text.toString();
    }

    @Test
    void eachValueBecomesANumberedPlaceholderAndTheSameValueTheSamePlaceholder() {
        var mask = new PlaceholderMask();
        String masked = mask.mask(TEXT, findings(TEXT));
        assertThat(masked).isEqualTo("Mail <EMAIL_ADDRESS_1> or call <PHONE_NUMBER_1>; <EMAIL_ADDRESS_1> again.");
        assertThat(mask.restore(masked)).isEqualTo(TEXT);
        assertThat(mask.toString()).doesNotContain("jane");
    }

    @Test
    void aMaskedRequestCarriesNoValueAndPlaceholdersContinueAcrossMessages() {
        var mask = new PlaceholderMask();
        var request = new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.SYSTEM, "Contact: bob@corp.com"),
                new ChatMessage(ChatMessage.Role.USER, TEXT)), GenerationParams.defaults());
        var masked = mask.mask(request, PlaceholderMaskTest::findings);
        assertThat(masked.messages().get(0).content()).isEqualTo("Contact: <EMAIL_ADDRESS_1>");
        assertThat(masked.messages().get(1).content()).contains("<EMAIL_ADDRESS_2>").doesNotContain("jane", "555");
    }

    @Test
    void overlappingFindingsMaskTheEarlierOneOnly() {
        var mask = new PlaceholderMask();
        String masked = mask.mask("id 123456789", List.of(new Finding("US_SSN", 3, 12, 1), new Finding("PHONE", 5, 12, 1)));
        assertThat(masked).isEqualTo("id <US_SSN_1>");
    }

    @Test
    void aStreamedAnswerIsRestoredWhereverThePlaceholdersAreSplitAcrossChunks() {
        var mask = new PlaceholderMask();
        mask.mask(TEXT, findings(TEXT));
        String answer = "Sure: <EMAIL_ADDRESS_1> and <PHONE_NUMBER_1>. <b>bold</b> stays, <EMAIL_ADDR too.";
        String expected = "Sure: jane@example.com and 555-0100. <b>bold</b> stays, <EMAIL_ADDR too.";
        for (int a = 1; a < answer.length() - 1; a++) {
            for (int b = a + 1; b < answer.length(); b += 3) {
                var pieces = List.of(answer.substring(0, a), answer.substring(a, b), answer.substring(b));
                assertThat(drainText(mask.restoring(Pieces.of(pieces)))).as("split at %d and %d", a, b)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void oneCharacterChunksAreRestoredAndTextWithoutPlaceholdersIsNotHeldBack() {
        var mask = new PlaceholderMask();
        mask.mask(TEXT, findings(TEXT));
        String answer = "x<PHONE_NUMBER_1>y";
        var chars = answer.chars().mapToObj(c -> String.valueOf((char) c)).toList();
        assertThat(drainText(mask.restoring(Pieces.of(chars)))).isEqualTo("x555-0100y");

        TokenStream plain = mask.restoring(Pieces.of(List.of("no ", "placeholders")));
        assertThat(plain.next()).isEqualTo(new TokenEvent.Text("no "));
    }
}
