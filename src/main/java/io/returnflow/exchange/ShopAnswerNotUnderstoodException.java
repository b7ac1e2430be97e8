package io.returnflow.exchange;

/**
 * The shop answered with a status or code outside the documented protocol. Nothing is recorded as answered: the
 * step fails (and, its retries spent, stays as an incident) until someone finds out what the shop meant, rather
 * than guess the nearest known answer and ship, or not ship, the buyer's replacement on that guess.
 */
public class ShopAnswerNotUnderstoodException extends RuntimeException {

    public ShopAnswerNotUnderstoodException(String message) {
        super(message);
    }
}
