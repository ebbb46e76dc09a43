package dev.gatehouse.router.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OperatorPatternsTest {
    private final SensitiveDataScanner scanner = new SensitiveDataScanner(
            List.of(new CustomPattern("EMPLOYEE_ID", Pattern.compile("\\bEMP-\\d{6}\\b"), DataClass.CONFIDENTIAL)),
            List.of(new TermList("PROJECT_CODENAME", List.of("Blue Heron", "nightjar"), DataClass.RESTRICTED)));

    @Test
    void anOperatorPatternIsFoundAtItsOffsetsAndSetsItsClass() {
        String text = "please look up emp-000001 and EMP-123456 in the roster";
        PrivacyReport report = scanner.scan(text);
        assertThat(report.findings()).filteredOn(f -> f.type().equals("EMPLOYEE_ID"))
                .extracting(f -> text.substring(f.start(), f.end())).containsExactly("EMP-123456");
        assertThat(report.dataClass()).isEqualTo(DataClass.CONFIDENTIAL);
    }

    @Test
    void termsMatchWholeWordsIgnoringCaseAndSpacing() {
        String text = "status of BLUE  heron and Nightjar, not nightjars";
        PrivacyReport report = scanner.scan(text);
        assertThat(report.findings()).filteredOn(f -> f.type().equals("PROJECT_CODENAME"))
                .extracting(f -> text.substring(f.start(), f.end())).containsExactly("BLUE  heron", "Nightjar");
        assertThat(report.dataClass()).isEqualTo(DataClass.RESTRICTED);
    }

    @Test
    void anOperatorFindingWinsOverABuiltInOneOnTheSameText() {
        var scanner = new SensitiveDataScanner(List.of(), List.of(new TermList("VIP", List.of("Maria Hernandez"), DataClass.RESTRICTED)));
        PrivacyReport report = scanner.scan("forward this to Maria Hernandez");
        assertThat(report.findings()).extracting(Finding::type).containsExactly("VIP");
        assertThat(report.dataClass()).isEqualTo(DataClass.RESTRICTED);
    }

    @Test
    void blankTypesAndTermsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> new TermList("CODES", List.of("ok", " "), DataClass.INTERNAL))
                .hasMessageContaining("CODES").hasMessageContaining("blank term");
        assertThatThrownBy(() -> new CustomPattern(" ", Pattern.compile("x"), DataClass.INTERNAL)).hasMessageContaining("blank");
    }
}
