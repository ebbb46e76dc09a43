package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.Set;

/**
 * Places named after a cue that says where someone lives, comes from or moved to ("I live in Reading", "my friend
 * lives in harburg", "originally from Nice"). The cue decides, not the word: after it a capitalised run is a place even
 * when every word of it is an ordinary English word (Reading, Bath, Nice — which {@link ProperNounDetector} must
 * otherwise leave alone), and a lowercase word is a place when it is not an ordinary word. "lives in fear" and "born in
 * 1990" stay what they are.
 */
final class ResidenceCueDetector implements Detector {
    private static final TrailingCue CUE = TrailingCue.words("live in", "lives in", "living in", "lived in", "moved to",
            "moving to", "move to", "relocated to", "relocating to", "born in", "grew up in", "raised in", "based in",
            "reside in", "resides in", "residing in", "resident of", "located in", "hometown is", "hometown of",
            "i'm from", "i am from", "we're from", "we are from", "he's from", "he is from", "she's from", "she is from",
            "they're from", "they are from", "comes from", "come from", "originally from", "native of", "stay in",
            "staying in", "stays in");
    /** The last word of every cue: a word after any other cannot follow a cue, and is not looked at further. */
    private static final Set<String> CUE_ENDS = Set.of("in", "to", "of", "from", "is");
    private static final Set<String> NOT_PLACES = Set.of("the", "a", "an", "my", "our", "his", "her", "their", "your",
            "this", "that", "there", "here", "it", "i", "we", "he", "she", "they", "you", "one", "some", "any");
    private static final int MAX_WORDS = 3;

    private final Lexicons lexicons;

    ResidenceCueDetector(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        for (int w = 1; w < scan.wordCount; w++) {
            if (!CUE_ENDS.contains(scan.fold(w - 1))) continue;
            int start = scan.wordStart[w];
            if (!CUE.endsText(text.substring(Math.max(0, start - 24), start))) continue;
            if (NOT_PLACES.contains(scan.fold(w))) continue;
            boolean capitalised = Character.isUpperCase(text.charAt(start));
            int last = -1;
            for (int k = w; k < scan.wordCount && k < w + MAX_WORDS; k++) {
                if (k > w && !(scan.wordStart[k] - scan.wordEnd[k - 1] == 1 && text.charAt(scan.wordEnd[k - 1]) == ' ')) break;
                boolean upper = Character.isUpperCase(text.charAt(scan.wordStart[k]));
                if (capitalised ? !upper : upper || scan.isCommon(k, lexicons)) break;
                last = k;
            }
            if (last >= 0) out.add(new Finding(EntityTypes.GPE, start, scan.wordEnd[last], capitalised ? 0.7 : 0.6));
        }
    }
}
