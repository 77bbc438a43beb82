package io.eventstore.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address or a CIDR block of addresses ({@code 10.0.0.0/8}, {@code ::1}), IPv4 or IPv6. */
public record AddressBlock(BigInteger network, int bits, int length) {

    /** The block written as an address or {@code address/bits}; {@code setting} names the setting in the refusal. */
    public static AddressBlock parse(String text, String setting) {
        String[] parts = text.trim().split("/");
        try {
            if (parts.length > 2 || !parts[0].matches("[0-9A-Fa-f:.]+")) {
                throw new NumberFormatException(text); // an address, never a name to resolve
            }
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int length = address.length * 8;
            int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : length;
            if (bits < 0 || bits > length) {
                throw new NumberFormatException(text);
            }
            return new AddressBlock(new BigInteger(1, address).shiftRight(length - bits), bits, length);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is not an address or CIDR block");
        }
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length * 8 == length && new BigInteger(1, bytes).shiftRight(length - bits).equals(network);
    }
}
