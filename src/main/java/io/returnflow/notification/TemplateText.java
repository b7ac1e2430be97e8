package io.returnflow.notification;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A message template's text: plain text with placeholders {@code {{name}}}. A brace is only ever part of a
 * placeholder, so that a typo ({@code {{code}}, {code}}) is refused when the template is saved instead of reaching
 * the buyer. Values are put in as they are: the messages are plain text (e-mail as {@code text/plain}).
 */
final class TemplateText {

    private TemplateText() {
    }

    /** What is wrong with a template's text, in words an operator can act on. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /**
     * The placeholders the text uses, in order of first use.
     *
     * @throws Invalid when a brace is not part of a well-formed placeholder
     */
    static List<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        parse(text, names::add, null);
        return List.copyOf(names);
    }

    /**
     * Checks that the text is well formed and uses only the given placeholders.
     *
     * @throws Invalid naming the first fault
     */
    static void check(String text, Collection<String> known) {
        for (String name : placeholders(text)) {
            if (!known.contains(name)) {
                throw new Invalid("Unknown placeholder {{" + name + "}}; this message knows "
                        + String.join(", ", known.stream().map(k -> "{{" + k + "}}").toList()));
            }
        }
    }

    /** The text with each placeholder replaced by its value (an empty one when the value is missing). */
    static String render(String text, Map<String, String> values) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        parse(text, name -> { }, new Sink() {
            @Override
            public void literal(CharSequence s) {
                out.append(s);
            }

            @Override
            public void value(String name) {
                String v = values.get(name);
                out.append(v == null ? "" : v);
            }
        });
        return out.toString();
    }

    private interface Sink {
        void literal(CharSequence s);

        void value(String name);
    }

    private static void parse(String text, java.util.function.Consumer<String> named, Sink sink) {
        int i = 0;
        int literalStart = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '}') {
                throw new Invalid("Unbalanced braces: '}' at character " + (i + 1) + " closes no placeholder");
            }
            if (c != '{') {
                i++;
                continue;
            }
            if (i + 1 >= text.length() || text.charAt(i + 1) != '{') {
                throw new Invalid("Unbalanced braces: '{' at character " + (i + 1)
                        + " opens no placeholder (write placeholders as {{name}})");
            }
            int close = text.indexOf("}}", i + 2);
            if (close < 0) {
                throw new Invalid("Unbalanced braces: '{{' at character " + (i + 1) + " is never closed");
            }
            String name = text.substring(i + 2, close).strip();
            if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
                throw new Invalid("Unbalanced braces or a malformed placeholder at character " + (i + 1)
                        + ": a placeholder is {{name}}, letters and digits only");
            }
            if (sink != null) {
                sink.literal(text.subSequence(literalStart, i));
                sink.value(name);
            }
            named.accept(name);
            i = close + 2;
            literalStart = i;
        }
        if (sink != null) {
            sink.literal(text.subSequence(literalStart, text.length()));
        }
    }
}
