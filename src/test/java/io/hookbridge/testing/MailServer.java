package io.hookbridge.testing;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpConnection;
import com.icegreen.greenmail.smtp.SmtpHandler;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.smtp.commands.MailCommand;
import com.icegreen.greenmail.smtp.commands.SmtpCommand;
import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.awaitility.Awaitility;

/**
 * A real SMTP server inside the test JVM, for the product's email-alert tests: the product sends its alerts through
 * real SMTP (Jakarta Mail), and the tests assert the recipients, subject, text and HTML bodies, and the failures.
 *
 * <p>It wraps GreenMail and adds what GreenMail lacks. On 127.0.0.1, on free ports, it serves:
 * <ul>
 * <li>{@link #smtpPort()}: plain SMTP (GreenMail), offering AUTH PLAIN/LOGIN and no STARTTLS;</li>
 * <li>{@link #smtpsPort()}: SMTPS, TLS from the first byte (GreenMail, certificate from its self-signed
 * {@code greenmail.p12});</li>
 * <li>{@link #starttlsPort()}: a STARTTLS front that offers only STARTTLS in plain text, upgrades the connection
 * with the same certificate, then relays it to the plain SMTP port, where the client logs in over TLS.</li>
 * </ul>
 * On all ports a client must log in as {@link #USER} / {@link #PASSWORD} before MAIL FROM (refused with
 * {@code 530 5.7.0 Authentication required} otherwise; a wrong password gets GreenMail's
 * {@code 535 5.7.8  Authentication credentials invalid}), and every recipient at {@link #REJECTED_DOMAIN} is refused
 * permanently at RCPT TO. Clients accept the certificate with {@code mail.smtp.ssl.trust=127.0.0.1} and
 * {@code mail.smtp.ssl.checkserveridentity=false}.
 *
 * <p>GreenMail stores one copy of a message per accepted recipient (in that recipient's mailbox), and does so before
 * it answers 250 to the end of DATA: when the product's {@code Transport.send} returns, its mail is already in
 * {@link #received()}.
 */
public final class MailServer implements AutoCloseable {

    /** The SMTP login (and the address of its own mailbox). */
    public static final String USER = "alerts@hookbridge.test";
    /** The password of {@link #USER}. */
    public static final String PASSWORD = "s3cret-smtp-password";
    /**
     * Recipients whose domain is this are refused at RCPT TO with {@code 550 5.1.1 <address>: mailbox unavailable}
     * (a permanent rejection).
     */
    public static final String REJECTED_DOMAIN = "bounce.example";

    private static final String LOOPBACK = "127.0.0.1";

    private final AlertGreenMail greenMail;
    private final StarttlsFront front;
    private final int smtpPort;
    private final int smtpsPort;
    private final int starttlsPort;

    private MailServer(AlertGreenMail greenMail, StarttlsFront front) {
        this.greenMail = greenMail;
        this.front = front;
        this.smtpPort = greenMail.getSmtp().getPort();
        this.smtpsPort = greenMail.getSmtps().getPort();
        this.starttlsPort = front.port();
    }

    /** Starts plain SMTP, SMTPS and the STARTTLS front on free ports of 127.0.0.1. */
    public static MailServer start() {
        // GreenMail gives its servers 2 s to start, too short on a busy 2-core machine
        System.setProperty("greenmail.startup.timeout", System.getProperty("greenmail.startup.timeout", "20000"));
        AlertGreenMail greenMail = new AlertGreenMail();
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, PASSWORD));
        greenMail.start();
        greenMail.pinPorts();
        StarttlsFront front = new StarttlsFront(greenMail.getSmtp().getPort());
        try {
            front.listen(0);
        } catch (IOException e) {
            greenMail.stop();
            throw new UncheckedIOException("Cannot start the STARTTLS front", e);
        }
        return new MailServer(greenMail, front);
    }

    /** The bridge's settings that send through this server's plain SMTP port, with its login. */
    public Map<String, String> bridgeSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("hookbridge.mail.host", "127.0.0.1");
        settings.put("hookbridge.mail.port", String.valueOf(smtpPort()));
        settings.put("hookbridge.mail.security", "none");
        settings.put("hookbridge.mail.username", USER);
        settings.put("hookbridge.mail.password", PASSWORD);
        settings.put("hookbridge.mail.from", "Hookbridge <" + USER + ">");
        return settings;
    }

    /** The plain SMTP port: AUTH PLAIN/LOGIN, no STARTTLS. */
    public int smtpPort() {
        return smtpPort;
    }

    /** The SMTPS port: TLS from the first byte, then AUTH PLAIN/LOGIN. */
    public int smtpsPort() {
        return smtpsPort;
    }

    /** The STARTTLS front: STARTTLS only in plain text, then AUTH over TLS. */
    public int starttlsPort() {
        return starttlsPort;
    }

    /**
     * Every message received so far on any port, one {@link MimeMessage} per accepted recipient (a message sent to
     * two recipients appears twice), in no particular order. The recipients are in the headers as sent; envelope-only
     * recipients (Bcc) show only through {@link #receivedBy}.
     */
    public MimeMessage[] received() {
        return greenMail.getReceivedMessages();
    }

    /** The messages delivered to one envelope recipient (To, Cc or Bcc alike). */
    public MimeMessage[] receivedBy(String recipient) {
        return greenMail.findReceivedMessages(user -> user.getEmail().equalsIgnoreCase(recipient), message -> true)
                .toArray(MimeMessage[]::new);
    }

    /**
     * Waits up to {@code timeout} until at least {@code count} messages (counted as in {@link #received()}) have
     * arrived, and returns all messages received by then.
     */
    public MimeMessage[] awaitReceived(int count, Duration timeout) {
        Awaitility.await("at least " + count + " received messages")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> received().length >= count);
        return received();
    }

    /** How many sessions completed the TLS handshake after STARTTLS on the STARTTLS front. */
    public int starttlsHandshakes() {
        return front.handshakes.get();
    }

    /**
     * True if any client sent the STARTTLS front a command other than EHLO, HELO, NOOP, RSET, QUIT and STARTTLS
     * (AUTH, MAIL, RCPT, DATA...) before STARTTLS, that is, tried to log in or send mail in plain text.
     */
    public boolean plaintextCommandsBeforeStarttls() {
        return front.plaintextCommands;
    }

    /**
     * Simulates an outage: closes the three listening ports and the open SMTP sessions; the mail received so far is
     * kept. Connections are then refused until {@link #startSmtp()}.
     */
    public void stopSmtp() {
        greenMail.stopSmtpServices();
        front.stop();
    }

    /** Ends an outage begun by {@link #stopSmtp()}: listens again on the same three ports. */
    public void startSmtp() {
        if (!greenMail.isRunning()) {
            greenMail.start();
        }
        if (!front.isListening()) {
            try {
                front.listen(starttlsPort);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot listen again on port " + starttlsPort, e);
            }
        }
    }

    /** Stops GreenMail and the STARTTLS front, closing every socket. */
    @Override
    public void close() {
        front.stop();
        greenMail.stop();
    }

    /**
     * GreenMail with plain SMTP and SMTPS only, whose SMTP servers require AUTH before MAIL and check recipients
     * through {@link RejectingSmtpManager}.
     */
    private static final class AlertGreenMail extends GreenMail {

        AlertGreenMail() {
            super(new ServerSetup[] {
                new ServerSetup(0, LOOPBACK, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, LOOPBACK, ServerSetup.PROTOCOL_SMTPS)});
        }

        // Called from GreenMail's constructor too: must use nothing but its arguments.
        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers mgr) {
            Managers rejecting = new RejectingManagers(mgr);
            Map<String, AbstractServer> servers = new HashMap<>();
            for (ServerSetup setup : setups) {
                servers.put(setup.getProtocol(), new AuthRequiredSmtpServer(setup, rejecting));
            }
            return servers;
        }

        /** Makes later {@link #start()} calls bind the ports the first one got. */
        void pinPorts() {
            config = new ServerSetup[] {getSmtp().getServerSetup(), getSmtps().getServerSetup()};
        }

        /** Stops the servers but, unlike {@link #stop()}, keeps the users and their mail. */
        void stopSmtpServices() {
            services.values().forEach(AbstractServer::stopService);
        }
    }

    /** GreenMail's managers, with the SMTP manager replaced by one that shares their user manager and store. */
    private static final class RejectingManagers extends Managers {
        private final Managers delegate;
        private final SmtpManager smtpManager;

        RejectingManagers(Managers delegate) {
            this.delegate = delegate;
            this.smtpManager = new RejectingSmtpManager(delegate.getImapHostManager(), delegate.getUserManager());
        }

        @Override
        public SmtpManager getSmtpManager() {
            return smtpManager;
        }

        @Override
        public UserManager getUserManager() {
            return delegate.getUserManager();
        }

        @Override
        public ImapHostManager getImapHostManager() {
            return delegate.getImapHostManager();
        }
    }

    /** Refuses recipients at {@link #REJECTED_DOMAIN}; GreenMail's RCPT command sends back the returned line. */
    private static final class RejectingSmtpManager extends SmtpManager {
        RejectingSmtpManager(ImapHostManager imapHostManager, UserManager userManager) {
            super(imapHostManager, userManager);
        }

        @Override
        public String checkRecipient(SmtpState state, MailAddress address) {
            if (REJECTED_DOMAIN.equalsIgnoreCase(address.getHost())) {
                return "550 5.1.1 <" + address.getEmail() + ">: mailbox unavailable";
            }
            return super.checkRecipient(state, address);
        }
    }

    /** GreenMail's SMTP server, whose sessions refuse MAIL until the client has logged in. */
    private static final class AuthRequiredSmtpServer extends SmtpServer {
        private static final SmtpCommandRegistry COMMANDS = new SmtpCommandRegistry() {
            private final SmtpCommand mail = new MailCommand() {
                @Override
                public void execute(SmtpConnection conn, SmtpState state, SmtpManager manager, String line) {
                    if (conn.isAuthenticated()) {
                        super.execute(conn, state, manager, line);
                    } else {
                        conn.send("530 5.7.0 Authentication required");
                    }
                }
            };

            @Override
            public SmtpCommand getCommand(String name) {
                return "MAIL".equals(name) ? mail : super.getCommand(name);
            }
        };

        AuthRequiredSmtpServer(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket clientSocket) {
            return new SmtpHandler(COMMANDS, managers.getSmtpManager(), clientSocket);
        }
    }

    /**
     * The STARTTLS front: speaks plain-text SMTP up to STARTTLS, upgrades to TLS as the server, then relays the
     * session to GreenMail's plain SMTP port (after swallowing its greeting, as the client already had one).
     */
    private static final class StarttlsFront {
        private final int upstreamPort;
        private final SSLSocketFactory tls = serverTls();
        private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
        final AtomicInteger handshakes = new AtomicInteger();
        volatile boolean plaintextCommands;
        private volatile ServerSocket listener;

        StarttlsFront(int upstreamPort) {
            this.upstreamPort = upstreamPort;
        }

        void listen(int port) throws IOException {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            listener = socket;
            daemon("starttls-front-accept", () -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        open.add(client);
                        daemon("starttls-front-session", () -> session(client));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        boolean isListening() {
            return listener != null && !listener.isClosed();
        }

        void stop() {
            closeQuietly(listener);
            open.forEach(StarttlsFront::closeQuietly);
            open.clear();
        }

        private void session(Socket client) {
            try {
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                reply(out, "220 starttls-front ESMTP");
                for (String line = readLine(in); line != null; line = readLine(in)) {
                    switch (line.split(" ", 2)[0].toUpperCase(Locale.ROOT)) {
                        case "EHLO", "HELO" -> reply(out, "250-starttls-front\r\n250 STARTTLS");
                        case "NOOP", "RSET" -> reply(out, "250 2.0.0 OK");
                        case "QUIT" -> {
                            reply(out, "221 2.0.0 Bye");
                            return;
                        }
                        case "STARTTLS" -> {
                            reply(out, "220 2.0.0 Ready to start TLS");
                            relayOverTls(client);
                            return;
                        }
                        default -> {
                            plaintextCommands = true;
                            reply(out, "530 5.7.0 Must issue a STARTTLS command first");
                        }
                    }
                }
            } catch (IOException endOfSession) {
                // the client went away, GreenMail closed, or the front was stopped
            } finally {
                closeQuietly(client);
                open.remove(client);
            }
        }

        private void relayOverTls(Socket client) throws IOException {
            SSLSocket secure = (SSLSocket) tls.createSocket(client, LOOPBACK, client.getPort(), true);
            open.add(secure);
            try (secure; Socket upstream = new Socket(LOOPBACK, upstreamPort)) {
                open.add(upstream);
                secure.setUseClientMode(false);
                secure.startHandshake();
                handshakes.incrementAndGet();
                InputStream fromGreenMail = upstream.getInputStream();
                readLine(fromGreenMail); // GreenMail's 220 greeting
                daemon("starttls-front-relay", () -> {
                    try {
                        secure.getInputStream().transferTo(upstream.getOutputStream());
                    } catch (IOException endOfSession) {
                        // closed below
                    } finally {
                        closeQuietly(upstream);
                    }
                });
                fromGreenMail.transferTo(secure.getOutputStream());
            } finally {
                open.remove(secure);
            }
        }

        private static SSLSocketFactory serverTls() {
            char[] password = "changeit".toCharArray();
            try (InputStream p12 = MailServer.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
                if (p12 == null) {
                    throw new IllegalStateException("greenmail.p12 (from the GreenMail jar) is not on the classpath");
                }
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                keyStore.load(p12, password);
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore, password);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                return context.getSocketFactory();
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("Cannot load greenmail.p12", e);
            }
        }

        /** Reads one line byte by byte (nothing buffered past it, as the socket may turn into TLS next). */
        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.US_ASCII);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        private static void reply(OutputStream out, String lines) throws IOException {
            out.write((lines + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private static void daemon(String name, Runnable task) {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        }

        private static void closeQuietly(Closeable closeable) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
