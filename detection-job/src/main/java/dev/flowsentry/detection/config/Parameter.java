package dev.flowsentry.detection.config;

/**
 * One job parameter as {@code --help} lists it.
 *
 * @param name the name without {@code --}; a {@code NAME}, {@code METRIC} or {@code KEY} in it is a
 *     placeholder
 * @param defaultValue the default as text, empty when there is none
 * @param description what it means, with its unit
 */
public record Parameter(String name, String defaultValue, String description) {}
