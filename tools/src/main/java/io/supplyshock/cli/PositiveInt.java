package io.supplyshock.cli;

import picocli.CommandLine;

/** Converts an option value to an integer above zero, naming the bad value otherwise. */
public final class PositiveInt implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("must be a positive integer, got '" + value + "'");
    }
}
