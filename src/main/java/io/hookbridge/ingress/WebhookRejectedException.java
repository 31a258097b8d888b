package io.hookbridge.ingress;

/** A webhook refused before anything is stored; its status and code go back to the sender as JSON. */
public class WebhookRejectedException extends RuntimeException {

    private final int status;
    private final String code;

    public WebhookRejectedException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
