package io.supplyshock.stack;

/** Something the person starting the stack has to act on; the message says what, without a stack trace. */
public final class StackException extends Exception {

    public StackException(String message) {
        super(message);
    }
}
