package io.returnflow.exchange;

/**
 * A line of an instant exchange order that shipped more replacements than inspection accepted of the returned line
 * they replace: the difference left for free unless customer service recovers it.
 *
 * @param lineId   the returned line
 * @param sku      the replacement's sku, as the shop shipped it
 * @param name     the replacement's name
 * @param shipped  the replacements the instant order shipped for the line
 * @param accepted the pieces of the returned line inspection accepted (0 to {@code shipped - 1})
 */
public record ShortReplacement(String lineId, String sku, String name, int shipped, int accepted) {

    public ShortReplacement {
        if (accepted < 0 || accepted >= shipped) {
            throw new IllegalArgumentException("Line " + lineId + ": " + accepted + " accepted of " + shipped
                    + " shipped is not short");
        }
    }

    /** The replacements shipped beyond the accepted pieces. */
    public int extra() {
        return shipped - accepted;
    }

    /** As customer service and the timeline read it: {@code L2 SKU-2-L 衬衫 L: shipped 2, accepted 1}. */
    public String describe() {
        return lineId + " " + sku + " " + name + ": shipped " + shipped + ", accepted " + accepted;
    }
}
