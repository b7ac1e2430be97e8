package io.returnflow.exchange.http;

/** The shop answered 404 {@code not_found}: it holds no order under the id (only a look-up expects that). */
class ShopOrderNotFoundException extends RuntimeException {

    ShopOrderNotFoundException(String message) {
        super(message);
    }
}
