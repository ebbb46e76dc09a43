package dev.gatehouse.router.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScannerOffsetsTest {
    private final SensitiveDataScanner scanner = new SensitiveDataScanner();

    @Test
    void findingsPointAtTheirTextInALongMixedPrompt() {
        String text = "Dear Mr. Jonathan Laursen,\nyour card 4111 1111 1111 1111 was charged; reach us at +1-984-182-0190 or "
                + "billing@fleckens.hu. The invoice goes to 2437 Main St, Springfield, IL 62704. Server 10.0.0.12 logged it on 2024-03-01.";
        PrivacyReport report = scanner.scan(text);
        Map<String, String> byType = new java.util.HashMap<>();
        for (Finding f : report.findings()) byType.putIfAbsent(f.type(), text.substring(f.start(), f.end()));
        assertThat(byType).containsEntry("PERSON", "Jonathan Laursen")
                .containsEntry("TITLE", "Mr.")
                .containsEntry("CREDIT_CARD", "4111 1111 1111 1111")
                .containsEntry("PHONE_NUMBER", "+1-984-182-0190")
                .containsEntry("EMAIL_ADDRESS", "billing@fleckens.hu")
                .containsEntry("STREET_ADDRESS", "2437 Main St")
                .containsEntry("ZIP_CODE", "62704")
                .containsEntry("IP_ADDRESS", "10.0.0.12")
                .containsEntry("DATE_TIME", "2024-03-01");
        assertThat(report.dataClass()).isEqualTo(DataClass.RESTRICTED);
    }

    @Test
    void overlappingFindingsKeepTheMostSevere() {
        PrivacyReport report = scanner.scan("number 4111 1111 1111 1111");
        assertThat(report.findings()).extracting(Finding::type).containsExactly("CREDIT_CARD");
    }

    @Test
    void anEmptyOrPlainTextIsPublic() {
        assertThat(scanner.scan("").dataClass()).isEqualTo(DataClass.PUBLIC);
        assertThat(scanner.scan("how do I sort a list in python?").dataClass()).isEqualTo(DataClass.PUBLIC);
        assertThat(scanner.scan("what is two plus two?").findings()).isEmpty();
    }
}
