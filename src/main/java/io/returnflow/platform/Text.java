package io.returnflow.platform;

/** Text that must fit a column. */
public final class Text {

    private Text() {
    }

    /** The text, cut with an ellipsis when longer than {@code max} characters. */
    public static String fit(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }

    /** The text's first {@code max} characters when it is longer (no marker: a stored reason read as it came). */
    public static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** The text without surrounding blanks, or {@code null} when nothing is left. */
    public static String trimToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** The first of the two texts that is not blank, trimmed; {@code null} when both are. */
    public static String firstNonBlank(String first, String second) {
        String chosen = trimToNull(first);
        return chosen != null ? chosen : trimToNull(second);
    }
}
