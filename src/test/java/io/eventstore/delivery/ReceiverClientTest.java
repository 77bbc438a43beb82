package io.eventstore.delivery;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delivery client against a raw socket server: kept-alive connections, closed ones, stale ones, bounded answers. */
class ReceiverClientTest {

    private static final byte[] BODY = "{\"data\":null}".getBytes(StandardCharsets.UTF_8);

    /** A server that answers each request of a connection with {@code answer.apply(n)} (n counts requests), closing when told. */
    private static final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        final List<String> heads = new CopyOnWriteArrayList<>();

        RawServer(IntFunction<String> answer, boolean closeAfterEach) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        connections.incrementAndGet();
                        new Thread(() -> serve(connection, answer, closeAfterEach)).start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(Socket connection, IntFunction<String> answer, boolean closeAfterEach) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    heads.add(head);
                    int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
                    in.readNBytes(length);
                    out.write(answer.apply(requests.incrementAndGet()).getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (closeAfterEach) {
                        return;
                    }
                }
            } catch (IOException gone) {
                // the client went away
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            while (last4 != 0x0D0A0D0A) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        URI url() {
            return URI.create("http://receiver.example:" + socket.getLocalPort() + "/in?x=1");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static ReceiverClient client() {
        return new ReceiverClient(Duration.ofSeconds(2), Duration.ofSeconds(2), 1024, 4);
    }

    private static ReceiverClient.Answer post(ReceiverClient client, RawServer server) {
        return client.post(server.url(), InetAddress.getLoopbackAddress(), Map.of("webhook-id", "7"), BODY);
    }

    @Test
    void aKeptAliveConnectionCarriesTheNextAttemptsToTheCheckedAddressWithTheUrlsHost() throws Exception {
        try (RawServer server = new RawServer(n -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false)) {
            ReceiverClient client = client();
            for (int i = 0; i < 3; i++) {
                ReceiverClient.Answer answer = post(client, server);
                assertEquals(200, answer.status());
                assertNull(answer.error());
            }
            assertEquals(1, server.connections.get());
            String head = server.heads.get(0);
            assertTrue(head.startsWith("POST /in?x=1 HTTP/1.1\r\n"), head);
            assertTrue(head.contains("Host: receiver.example:" + server.socket.getLocalPort() + "\r\n"), head);
            assertTrue(head.contains("webhook-id: 7\r\n"), head);
        }
    }

    @Test
    void aConnectionTheReceiverClosesIsNotUsedAgain() throws Exception {
        try (RawServer closing = new RawServer(n -> "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", true);
             RawServer silent = new RawServer(n -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true)) {
            ReceiverClient client = client();
            assertEquals(204, post(client, closing).status());
            assertEquals(204, post(client, closing).status());
            assertEquals(2, closing.connections.get());
            // closed without saying so: the kept connection is stale, and the attempt goes out again on a new one
            assertEquals(200, post(client, silent).status());
            assertEquals(200, post(client, silent).status());
            assertEquals(2, silent.requests.get());
        }
    }

    @Test
    void aLongBodyIsReadOnlyUpToTheLimitAndItsConnectionClosed() throws Exception {
        String big = "x".repeat(100_000);
        try (RawServer server = new RawServer(n -> "HTTP/1.1 500 Oops\r\nContent-Length: " + big.length() + "\r\n\r\n" + big, false)) {
            ReceiverClient client = client();
            assertEquals(500, post(client, server).status());
            assertEquals(500, post(client, server).status());
            assertEquals(2, server.connections.get());
        }
    }

    /** TLS checks the receiver's certificate: a self-signed one (a man in the middle, say) is refused before anything is sent. */
    @Test
    void anUntrustedCertificateIsRefusedBeforeTheRequestIsSent() throws Exception {
        java.nio.file.Path store = java.nio.file.Files.createTempDirectory("receiver-tls").resolve("receiver.p12");
        Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=receiver.example", "-ext", "SAN=dns:receiver.example", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory managers = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        AtomicInteger requests = new AtomicInteger();
        try (ServerSocket server = context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket connection = server.accept()) {
                    if (connection.getInputStream().read() >= 0) {
                        requests.incrementAndGet();
                    }
                } catch (IOException refused) {
                    // the client refused the certificate
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ReceiverClient.Answer answer = client().post(URI.create("https://receiver.example:" + server.getLocalPort() + "/in"),
                    InetAddress.getLoopbackAddress(), Map.of(), BODY);
            assertNull(answer.status());
            assertTrue(answer.error().startsWith("connection: SSLHandshakeException"), answer.error());
            acceptor.join(5000);
            assertEquals(0, requests.get(), "a request went out over an untrusted connection");
        }
    }

    @Test
    void noAnswerWithinTheDeadlineIsATimeoutAndAnythingButHttpIsAnError() throws Exception {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        try (RawServer mute = new RawServer(n -> {
                 try {
                     never.await(5, java.util.concurrent.TimeUnit.SECONDS); // takes the request, answers nothing
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 return "";
             }, false);
             RawServer garbage = new RawServer(n -> "SSH-2.0-OpenSSH\r\n\r\n", true)) {
            ReceiverClient.Answer timedOut = new ReceiverClient(Duration.ofSeconds(1), Duration.ofMillis(300), 1024, 4)
                    .post(mute.url(), InetAddress.getLoopbackAddress(), Map.of(), BODY);
            assertNull(timedOut.status());
            assertTrue(timedOut.error().startsWith("timeout"), timedOut.error());
            ReceiverClient.Answer wrong = post(client(), garbage);
            assertNull(wrong.status());
            assertTrue(wrong.error().contains("not HTTP"), wrong.error());
        } finally {
            never.countDown();
        }
    }
}
