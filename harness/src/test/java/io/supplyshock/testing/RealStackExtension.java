package io.supplyshock.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Injects the shared {@link RealStack} into integration tests. */
public final class RealStackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return RealStack.start(context);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the local Kafka + Apicurio stack: " + e.getMessage(), e);
        }
    }
}
