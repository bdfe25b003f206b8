package com.playtcha.jakarta.it.app;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The test's window on what the application heard from the fail-open ledger. The application's
 * listener ({@link QueueingListener}, or the CDI observer {@link ReconciliationObserver}) hands
 * each {@link Reconciliation} to {@link #heard}; {@code GET /reconciled?wait=<seconds>} waits up to
 * that long for the next one and answers it as {@code key=value} lines ({@code id}, {@code outcome},
 * {@code path}, {@code cause}, {@code code}, the {@code thread} that delivered it, and what a
 * {@code java:comp} lookup of the {@code datasource} and the {@code executor} gave on that thread:
 * {@code ok}, or the exception), or 204 when none arrived in time. Each reconciliation is answered
 * once. The lookups are what a listener that writes to the application's database needs: on a
 * Jakarta EE server they work only on a thread with the application's context (a managed one).
 *
 * <p>The waiting happens here, in the container, so a test needs no sleeps. The queue is static,
 * so it lives as long as the deployment's class loader: a redeployed WAR starts with an empty one.
 */
public class ReconciledServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final int DEFAULT_WAIT_SECONDS = 20;

    private static final BlockingQueue<Heard> HEARD = new LinkedBlockingQueue<>();

    /** A reconciliation, the name of the thread the library delivered it on, and the lookups there. */
    private record Heard(Reconciliation reconciliation, String thread, String dataSource, String executor) {
    }

    /** Called by the application's listener, on whatever thread the library reports on. */
    static void heard(Reconciliation reconciliation) {
        HEARD.add(new Heard(reconciliation, Thread.currentThread().getName(), lookUp("java:comp/DefaultDataSource"),
                lookUp("java:comp/DefaultManagedExecutorService")));
    }

    /** {@code ok} when the name resolves on this thread, else the exception, on one line. */
    private static String lookUp(String name) {
        try {
            InitialContext context = new InitialContext();
            try {
                return context.lookup(name) != null ? "ok" : "null";
            } finally {
                context.close();
            }
        } catch (NamingException | RuntimeException e) {
            return e.toString().replace('\n', ' ');
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String wait = request.getParameter("wait");
        Heard heard;
        try {
            heard = HEARD.poll(wait == null ? DEFAULT_WAIT_SECONDS : Integer.parseInt(wait), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted while waiting");
            return;
        }
        if (heard == null) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        Reconciliation r = heard.reconciliation();
        LedgerEntry entry = r.entry();
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("id=" + entry.id() + "\noutcome=" + r.outcome() + "\npath=" + entry.path()
                + "\ncause=" + entry.cause() + "\ncode=" + r.code() + "\nthread=" + heard.thread()
                + "\ndatasource=" + heard.dataSource() + "\nexecutor=" + heard.executor() + "\n");
    }
}
