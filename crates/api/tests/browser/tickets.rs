//! The support desk in the browser: a customer files a ticket and sees its number, an
//! agent picks it up from the unassigned queue, replies and waits on the customer, the
//! customer's reply opens it again; a colleague's ticket waits for the contact person;
//! the helpdesk's dashboard draws its charts.

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::{Browser, run};
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(
    a_ticket_goes_to_the_helpdesk_and_back,
    a_colleagues_ticket_waits_for_the_contact_person,
    the_agent_dashboard_draws_its_charts,
    an_agent_sees_a_colleagues_change_and_reapplies,
    someone_without_a_login_asks_for_access_and_is_approved
);

/// Signs in and switches to English (the demo users speak Dutch; the interface follows
/// the user after signing in).
async fn sign_in(browser: &Browser, email: &str) {
    browser.sign_in(email, DEMO_PASSWORD).await;
    browser.click(".language-switch button[lang=en]").await;
    browser.wait_text("nav.sidebar", "Overview").await;
}

async fn sign_out(browser: &Browser) {
    browser.click(".topbar-actions button.button").await;
    browser.wait_path("/login").await;
}

/// Files a ticket through the form, with `attachment` (a file on disk) if given; returns
/// its page's path and the number shown.
async fn file_ticket(browser: &Browser, title: &str, attachment: Option<&std::path::Path>) -> (String, String) {
    browser.click("nav.sidebar a[href='/tickets']").await;
    browser.wait_path("/tickets").await;
    browser.click("a[href='/tickets/new']").await;
    browser.wait_path("/tickets/new").await;
    browser.wait_text(".guidance", "exact error message").await;
    // The form refuses an empty description next to its field.
    browser.fill("#title", title).await;
    browser.click("form button[type=submit]").await;
    browser.wait_focus("#description[aria-invalid=true]").await;
    browser.fill("#module", "Kassa (MKAS)").await;
    browser.fill("#error_message", "E2001: geen verbinding met de bonprinter").await;
    browser.fill("#description", "Sinds vanochtend start de kassa niet meer.\nHerstarten helpt niet.").await;
    if let Some(file) = attachment {
        // What a file dialog does: the input receives the path.
        browser.find("#ticket-files").await.send_keys(file.to_str().unwrap()).await.unwrap();
        let name = file.file_name().unwrap().to_str().unwrap();
        browser.wait_text(".chosen", name).await;
    }
    browser.click("form button[type=submit]").await;
    let banner = browser.wait_text(".alert-success", "registered as T-").await;
    let number = banner.split_whitespace().find(|w| w.starts_with("T-")).unwrap().trim_end_matches('.').to_owned();
    let path = browser.client.current_url().await.unwrap().path().to_owned();
    browser.wait_text("h1", title).await;
    (path, number)
}

async fn a_ticket_goes_to_the_helpdesk_and_back(backend: Backend) {
    run("ticket-round-trip", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        sign_in(&browser, "eigenaar@korenschoof.example").await;
        // A real screenshot of the form goes with the ticket.
        let dir = tempfile::tempdir().unwrap();
        let screenshot = dir.path().join("schermafdruk-kassa.png");
        browser.click("nav.sidebar a[href='/tickets']").await;
        std::fs::write(&screenshot, browser.client.screenshot().await.unwrap()).unwrap();
        let (path, number) = file_ticket(&browser, "Kassa start niet", Some(&screenshot)).await;
        browser.wait_text(".status", "New").await;
        browser.wait_text(".attachments", "schermafdruk-kassa.png").await;
        browser.assert_image_shown(".attachments img.preview").await;
        // The confirmation e-mail names the number and links to the ticket.
        let mail = app.last_mail_to("eigenaar@korenschoof.example").await;
        assert!(mail.subject.contains(&number), "{}", mail.subject);
        assert!(mail.text.contains(&path), "{}", mail.text);
        sign_out(&browser).await;

        // The agent finds it in the unassigned queue, replies, and waits on the customer.
        sign_in(&browser, "anna@loket.example").await;
        browser.click("nav.sidebar a[href='/tickets']").await;
        browser.wait_text("table", &number).await;
        browser.click(&format!("table a[href='{path}']")).await;
        browser.wait_text("h1", "Kassa start niet").await;
        browser.assert_image_shown(".attachments img.preview").await;
        browser.fill("#reply", "Staat de bonprinter aan? Stuur ons een foto van het display.").await;
        browser.click("form.reply button[type=submit]").await;
        browser.wait_text(".messages", "Staat de bonprinter aan?").await;
        browser.wait_text(".status", "Open").await;
        browser.click("#ticket-status option[value=waiting_on_customer]").await;
        browser.click("form.work-form button[type=submit]").await;
        browser.wait_text(".page-header .status", "Waiting on customer").await;
        sign_out(&browser).await;

        // The customer answers; the ticket is open again.
        sign_in(&browser, "eigenaar@korenschoof.example").await;
        browser.goto(&path).await;
        browser.wait_text(".page-header .status", "Waiting on customer").await;
        browser.wait_text(".messages", "Staat de bonprinter aan?").await;
        browser.fill("#reply", "Ja, hij staat aan. Het display toont E2001.").await;
        browser.click("form.reply button[type=submit]").await;
        browser.wait_text(".messages", "Het display toont E2001.").await;
        browser.wait_text(".page-header .status", "Open").await;
        // The history tells who changed what, the agent's status change included.
        browser.wait_text(".timeline", "Status: Open → Waiting on customer").await;
        browser.wait_text(".timeline", "Status: Waiting on customer → Open").await;
        browser.wait_text(".timeline", "Anna de Helpdesk").await;
    })
    .await;
}

async fn a_colleagues_ticket_waits_for_the_contact_person(backend: Backend) {
    run("ticket-approval", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        sign_in(&browser, "it@korenschoof.example").await;
        let (path, _) = file_ticket(&browser, "Nieuwe scanner koppelen", None).await;
        browser.wait_text(".alert-success", "has to approve it first").await;
        browser.wait_text(".page-header .status", "Awaiting approval").await;
        sign_out(&browser).await;

        // The helpdesk does not see it yet.
        sign_in(&browser, "anna@loket.example").await;
        browser.goto(&path).await;
        browser.wait_text("main", "does not exist").await;
        sign_out(&browser).await;

        // The contact person approves it; now the helpdesk has it.
        sign_in(&browser, "eigenaar@korenschoof.example").await;
        browser.goto(&path).await;
        browser.wait_text(".approval", "Approval requested").await;
        browser.click(".approval .button.primary").await;
        browser.wait_text(".page-header .status", "New").await;
        browser.wait_gone(".approval").await;
        // In the requester's language, which switching the interface to English set.
        let mail = app.last_mail_to("it@korenschoof.example").await;
        assert!(mail.subject.contains("was approved"), "{}", mail.subject);
    })
    .await;
}

async fn the_agent_dashboard_draws_its_charts(backend: Backend) {
    run("helpdesk-dashboard", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        sign_in(&browser, "anna@loket.example").await;
        browser.click("nav.sidebar a[href='/tickets']").await;
        browser.click("a[href='/helpdesk/dashboard']").await;
        browser.wait_path("/helpdesk/dashboard").await;
        browser.wait_text("h1", "Dashboard").await;
        // The demo desk has open tickets: the backlog and type charts have bars.
        let open: u32 = browser.find("#figure-open").await.text().await.unwrap().parse().unwrap();
        assert!(open >= 4, "{open} open tickets");
        for chart in ["#chart-age", "#chart-sla", "#chart-type"] {
            browser.find(&format!("{chart} svg[role=img]")).await;
        }
        for chart in ["#chart-age", "#chart-type"] {
            let bars = browser.client.find_all(fantoccini::Locator::Css(&format!("{chart} svg rect"))).await.unwrap();
            assert!(!bars.is_empty(), "{chart} has no bars");
        }
        browser.wait_text("#chart-age figcaption", "Open backlog by age").await;
        browser.wait_text("#chart-type svg", "Question").await;
        // Eight weeks of SLA results, labelled by their Monday.
        let labels = browser.client.find_all(fantoccini::Locator::Css("#chart-sla svg text.label")).await.unwrap();
        assert_eq!(labels.len(), 8);
    })
    .await;
}

async fn an_agent_sees_a_colleagues_change_and_reapplies(backend: Backend) {
    run("ticket-conflict", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        let tickets = app.get("/api/v1/tickets?q=Stock", &admin).await;
        let ticket = tickets.body["items"][0].clone();
        let path = format!("/tickets/{}", ticket["id"].as_str().unwrap());
        sign_in(&browser, "anna@loket.example").await;
        browser.goto(&path).await;
        browser.wait_text("h1", "Stock report").await;
        browser.find("form.work-form").await;

        // Meanwhile a colleague raises the priority.
        let current = app.get(&format!("/api/v1{path}"), &admin).await;
        let version = format!("\"{}\"", current.body["version"]);
        let reply = app
            .request_with(
                &app.client,
                reqwest::Method::PATCH,
                &format!("/api/v1{path}"),
                &admin,
                Some(serde_json::json!({"priority": "urgent"})),
                &[("if-match", version.as_str())],
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);

        // Anna, on the version she read, makes it a bug: she is shown what changed.
        browser.click("#ticket-type option[value=bug]").await;
        browser.click("form.work-form button[type=submit]").await;
        browser.wait_text(".conflict", "A colleague changed this ticket").await;
        browser.wait_text(".conflict .changes", "Priority").await;
        browser.wait_text(".conflict .changes", "Urgent").await;
        // She applies her change on top of the colleague's: both hold.
        browser.click(".conflict .button.primary").await;
        browser.wait_text(".timeline", "Type: Question → Bug").await;
        let saved = app.get(&format!("/api/v1{path}"), &admin).await;
        assert_eq!(saved.body["ticket_type"], "bug");
        assert_eq!(saved.body["priority"], "urgent");
    })
    .await;
}

async fn someone_without_a_login_asks_for_access_and_is_approved(backend: Backend) {
    run("access-request", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        browser.goto("/login").await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("a[href='/access']").await;
        browser.wait_path("/access").await;
        // The number as a customer might type it off an invoice.
        browser.fill("#customer-number", "ks-10234").await;
        browser.fill("#name", "Lotte de Bakker").await;
        browser.fill("#email", "lotte@korenschoof.example").await;
        browser.click("form button[type=submit]").await;
        browser.wait_text(".alert-success", "Check your inbox").await;

        // The link in the e-mail confirms the address.
        let mail = app.last_mail_to("lotte@korenschoof.example").await;
        let link = mail.link();
        let path = &link[link.find("/access/confirm").unwrap()..];
        browser.goto(path).await;
        browser.wait_text(".alert-success", "is confirmed").await;

        // The superuser finds it beside the demo's request, and approves it.
        sign_in(&browser, "eigenaar@korenschoof.example").await;
        browser.click("nav.sidebar a[href='/access-requests']").await;
        browser.wait_path("/access-requests").await;
        let card = ".access-request[data-email='lotte@korenschoof.example']";
        browser.wait_text(card, "KS-10234").await;
        browser.wait_text(".access-request[data-email='joost@korenschoof.example']", "Joost Akkerman").await;
        browser.click(&format!("{card} .button.primary")).await;
        browser.wait_gone(card).await;
        browser.click(".tab[data-status=approved]").await;
        browser.wait_text(card, "Lotte de Bakker").await;
        // The new colleague is invited to choose a password.
        let invitation = app.last_mail_to("lotte@korenschoof.example").await;
        assert!(invitation.link().contains("/welcome#token="), "{}", invitation.text);
    })
    .await;
}
