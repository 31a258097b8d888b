package io.hookbridge.mapping;

/** A payload value that cannot be converted to the type its mapping asks for. */
public class MappingException extends RuntimeException {
    public MappingException(String message) {
        super(message);
    }
}
