package com.playtcha.jakarta.servlet;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The application's FORM login as its {@code WEB-INF/web.xml} declares it (the Servlet API does not
 * expose it), read with no DTD or external entity loaded; one that cannot be read is no FORM login.
 * See design/web.md.
 *
 * @param form      {@code <auth-method>FORM</auth-method>} is declared
 * @param loginPage the {@code <form-login-page>}, context-relative, or {@code null}
 * @param errorPage the {@code <form-error-page>}, context-relative, or {@code null}
 */
record FormLoginConfig(boolean form, String loginPage, String errorPage) {

    static final FormLoginConfig NONE = new FormLoginConfig(false, null, null);

    private static final System.Logger LOG = System.getLogger(PlaytchaInitializer.class.getName());

    /** The login configuration of {@code context}'s web.xml; {@link #NONE} without one. */
    static FormLoginConfig of(ServletContext context) {
        try (InputStream webXml = context.getResourceAsStream("/WEB-INF/web.xml")) {
            return webXml == null ? NONE : parse(webXml);
        } catch (IOException | SAXException | ParserConfigurationException e) {
            LOG.log(Level.DEBUG, "WEB-INF/web.xml could not be read for its login-config: {0}", e.toString());
            return NONE;
        }
    }

    static FormLoginConfig parse(InputStream webXml) throws IOException, SAXException, ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        Document document = builder.parse(webXml);
        NodeList configs = document.getElementsByTagNameNS("*", "login-config");
        if (configs.getLength() == 0) {
            return NONE;
        }
        Element config = (Element) configs.item(0);
        boolean form = "FORM".equalsIgnoreCase(text(config, "auth-method"));
        return form ? new FormLoginConfig(true, text(config, "form-login-page"), text(config, "form-error-page"))
                : NONE;
    }

    private static String text(Element parent, String name) {
        NodeList found = parent.getElementsByTagNameNS("*", name);
        if (found.getLength() == 0) {
            return null;
        }
        String text = found.item(0).getTextContent().strip();
        return text.isEmpty() ? null : text;
    }
}
