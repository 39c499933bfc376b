"""A realistic example job search for `tracker new --sample`.

Dates are relative to `today`, so the sample always has something due. The
story is built so that every rule of `tracker check` fires at least once:
the comments on each row say which.
"""

from __future__ import annotations

import datetime as dt


def sample_rows(today: dt.date) -> tuple[dict[str, list[dict]], dict[str, object]]:
    """Rows per sheet and settings for the sample tracker, as of `today`."""

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    def ahead(days: int) -> dt.date:
        return today + dt.timedelta(days=days)

    contacts = [
        # thank-you-overdue; their-offer-pending (introduction not made yet)
        {"Name": "Ann Lee", "Title": "UX Research Manager", "Organization": "Northwind Health", "Industry": "Health tech",
         "Email": "ann.lee@northwind.example", "LinkedIn": "https://www.linkedin.com/in/ann-lee-example", "How We Met": "Alumni network",
         "Relationship": "Met", "Connected on LinkedIn": "Yes"},
        # thank-you-due (talked yesterday)
        {"Name": "Priya Natarajan", "Pronunciation": "PREE-ya nah-tah-RAH-jan", "Title": "Senior Data Scientist", "Organization": "Fabrikam Analytics",
         "Industry": "Data science", "Email": "priya.n@fabrikam.example", "How We Met": "LinkedIn", "Relationship": "Met", "Connected on LinkedIn": "Yes"},
        # outcome-not-updated (the call date passed, still marked Scheduled)
        {"Name": "Diego Fernández", "Pronunciation": "DYEH-go fer-NAN-des", "Title": "Product Manager", "Organization": "Contoso Mobility",
         "Industry": "Product", "Email": "diego.fernandez@contoso.example", "How We Met": "Event", "Relationship": "Scheduled"},
        # my-promise-overdue; linkedin-not-connected
        {"Name": "Grace O'Connor", "Title": "Clinical Informatics Lead", "Organization": "St. Brigid's Hospital", "Industry": "Health tech",
         "Email": "goconnor@stbrigids.example", "Mailing Address": "12 Harbour Road, Galway", "How We Met": "Referral", "Referred By": "Ann Lee",
         "Relationship": "Met", "Connected on LinkedIn": "No"},
        # follow-up-due (warning: past 120 days, not yet 240)
        {"Name": "Samuel Okafor", "Title": "Engineering Manager", "Organization": "Tailspin Software", "Industry": "Software",
         "Email": "s.okafor@tailspin.example", "LinkedIn": "https://www.linkedin.com/in/samuel-okafor-example", "How We Met": "Class or club",
         "Relationship": "Keeping in touch", "Connected on LinkedIn": "Yes"},
        # follow-up-due (error: more than twice the interval since the last touch)
        {"Name": "Helen Park", "Title": "Director of Research", "Organization": "Adatum Labs", "Industry": "Research",
         "Email": "hpark@adatum.example", "How We Met": "Cold outreach", "Relationship": "Keeping in touch", "Connected on LinkedIn": "Yes"},
        # too-many-follow-ups (four touches in twelve months)
        {"Name": "Tomás Álvarez", "Title": "Service Designer", "Organization": "Lucerne Public Sector", "Industry": "Government",
         "Email": "tomas.alvarez@lucerne.example", "How We Met": "Alumni network", "Relationship": "Keeping in touch", "Connected on LinkedIn": "Yes"},
        # missing-contact-details (met at a meetup, only a phone number)
        {"Name": "Mei Chen", "Title": "Nurse Practitioner", "Organization": "Bellows Clinic", "Industry": "Healthcare", "Phone": "+1 555 0142",
         "How We Met": "Event", "Relationship": "Met"},
        # interview-prep (tomorrow, not prepared yet)
        {"Name": "Rachel Goldberg", "Title": "Head of Patient Experience", "Organization": "Woodgrove Care", "Industry": "Healthcare",
         "Email": "rgoldberg@woodgrove.example", "How We Met": "Referral", "Referred By": "Grace O'Connor", "Relationship": "Scheduled"},
        # upcoming and prepared: nothing to flag
        {"Name": "Kwame Mensah", "Title": "Policy Analyst", "Organization": "City of Lakeside", "Industry": "Government",
         "Email": "kmensah@lakeside.example", "How We Met": "LinkedIn", "Relationship": "Scheduled"},
        # all caught up, including the job news
        {"Name": "Laura Schmidt", "Title": "UX Writer", "Organization": "Proseware", "Industry": "Software",
         "Email": "laura@proseware.example", "LinkedIn": "https://www.linkedin.com/in/laura-schmidt-example", "How We Met": "Referral",
         "Referred By": "Samuel Okafor", "Relationship": "Keeping in touch", "Connected on LinkedIn": "Yes"},
        # Dormant: no follow-up reminders, but share-the-news still applies
        {"Name": "Omar Haddad", "Title": "Founder", "Organization": "Haddad & Partners", "Industry": "Consulting",
         "Email": "omar@haddad.example", "How We Met": "Cold outreach", "Relationship": "Dormant", "Connected on LinkedIn": "Yes"},
        # Do not contact: excluded from every reminder
        {"Name": "Sofia Rossi", "Title": "Recruiter", "Organization": "Margie's Staffing", "Industry": "Recruiting",
         "Email": "sofia@margies.example", "How We Met": "Cold outreach", "Relationship": "Do not contact", "Connected on LinkedIn": "No"},
        # Prospect: no interview yet
        {"Name": "Ben Carter", "Title": "Data Engineer", "Organization": "Northwind Health", "Industry": "Health tech",
         "Email": "ben.carter@northwind.example", "How We Met": "Referral", "Referred By": "Ann Lee", "Relationship": "Prospect"},
        # snoozed (on parental leave): would be due for a follow-up otherwise
        {"Name": "Nadia Ivanova", "Title": "Program Officer", "Organization": "Fourth Coffee Foundation", "Industry": "Nonprofit",
         "Email": "nadia@fourthcoffee.example", "How We Met": "Event", "Relationship": "Keeping in touch", "Connected on LinkedIn": "Yes",
         "Snooze Until": ahead(30), "Private Notes": "On parental leave until next month."},
        # a personal interval: every 60 days
        {"Name": "Yusuf Demir", "Title": "Hospital Administrator", "Organization": "Riverside Medical", "Industry": "Healthcare",
         "Email": "ydemir@riverside.example", "How We Met": "Alumni network", "Relationship": "Keeping in touch", "Connected on LinkedIn": "Yes",
         "Follow Up Every (days)": 60},
    ]

    interviews = [
        {"Contact": "Ann Lee", "Date": ago(5), "Time": dt.time(10, 0), "Format": "Video", "Prepared": "Yes",
         "Key Takeaways": "Research ops is a growing path; portfolio case studies matter more than certificates.",
         "Next Step I'll Take": "Rewrite my portfolio case study around one research question.", "Still Interested": "Yes"},
        {"Contact": "Priya Natarajan", "Date": ago(1), "Time": dt.time(16, 30), "Format": "Phone", "Outcome": "Held", "Prepared": "Yes",
         "Key Takeaways": "Most of the job is framing questions with stakeholders, not modelling.",
         "Next Step I'll Take": "Take the free SQL course she recommended.", "Still Interested": "Maybe"},
        {"Contact": "Diego Fernández", "Date": ago(3), "Time": dt.time(12, 0), "Format": "In person", "Outcome": "Scheduled", "Prepared": "Yes"},
        {"Contact": "Grace O'Connor", "Date": ago(40), "Format": "Video", "Outcome": "Held", "Prepared": "Yes",
         "Key Takeaways": "Clinicians adopt tools that save them clicks; start with a shadowing day.",
         "Next Step I'll Take": "Ask Rachel Goldberg about shadowing.", "Still Interested": "Yes",
         "Thank-You Sent": ago(39), "Thank-You Medium": "Email"},
        {"Contact": "Samuel Okafor", "Date": ago(160), "Format": "In person", "Outcome": "Held", "Prepared": "Yes",
         "Key Takeaways": "Managers hire for curiosity; show how I learn.", "Still Interested": "Yes",
         "Next Step I'll Take": "Build a small project that shows how I learn a new tool.",
         "Thank-You Sent": ago(160), "Thank-You Medium": "Email"},
        {"Contact": "Helen Park", "Date": ago(400), "Format": "Video", "Outcome": "Held", "Prepared": "Yes",
         "Key Takeaways": "A research career needs a publication habit.", "Still Interested": "Maybe",
         "Thank-You Sent": ago(399), "Thank-You Medium": "Handwritten card"},
        {"Contact": "Tomás Álvarez", "Date": ago(200), "Format": "Video", "Outcome": "Held", "Prepared": "Yes",
         "Key Takeaways": "Public-sector design moves slowly but the impact is wide.", "Still Interested": "Yes",
         "Thank-You Sent": ago(199), "Thank-You Medium": "Email"},
        {"Contact": "Mei Chen", "Date": ago(60), "Format": "In person", "Outcome": "Held", "Prepared": "No",
         "Key Takeaways": "Nurses want fewer alerts, not more.", "Still Interested": "Yes",
         "Thank-You Sent": ago(60), "Thank-You Medium": "Other", "Private Notes": "Thanked her in person at the meetup; no email yet."},
        {"Contact": "Rachel Goldberg", "Date": ahead(1), "Time": dt.time(9, 30), "Format": "Video", "Outcome": "Scheduled"},
        {"Contact": "Kwame Mensah", "Date": ahead(10), "Time": dt.time(15, 0), "Format": "Phone", "Outcome": "Scheduled", "Prepared": "Yes"},
        {"Contact": "Laura Schmidt", "Date": ago(90), "Format": "Video", "Outcome": "Held", "Prepared": "Yes",
         "Key Takeaways": "Content design portfolios should show before-and-after.", "Still Interested": "Yes",
         "Thank-You Sent": ago(90), "Thank-You Medium": "Email"},
        {"Contact": "Omar Haddad", "Date": ago(500), "Format": "Phone", "Outcome": "Held", "Prepared": "Yes",
         "Key Takeaways": "Consulting rewards a niche.", "Still Interested": "No", "Thank-You Sent": ago(499), "Thank-You Medium": "Email"},
        {"Contact": "Sofia Rossi", "Date": ago(300), "Format": "Phone", "Outcome": "Held", "Prepared": "No",
         "Thank-You Sent": ago(300), "Thank-You Medium": "Email"},
        {"Contact": "Nadia Ivanova", "Date": ago(200), "Format": "In person", "Outcome": "Held", "Prepared": "Yes",
         "Key Takeaways": "Foundations fund pilots, not products.", "Still Interested": "Maybe",
         "Thank-You Sent": ago(199), "Thank-You Medium": "Email"},
        {"Contact": "Yusuf Demir", "Date": ago(50), "Format": "Video", "Outcome": "Held", "Prepared": "Yes",
         "Key Takeaways": "Administrators care about staffing data.", "Still Interested": "Yes",
         "Thank-You Sent": ago(50), "Thank-You Medium": "Email"},
        {"Contact": "Kwame Mensah", "Date": ago(20), "Format": "Phone", "Outcome": "Rescheduled", "Prepared": "Yes",
         "Private Notes": "He had a council meeting; moved to the new date."},
    ]

    questions = [
        {"Contact": "Ann Lee", "Question": "What does a typical week look like for a UX researcher here?",
         "Answer": "Two days of sessions, the rest synthesis and stakeholder meetings.", "Surprised?": "Yes"},
        {"Contact": "Ann Lee", "Question": "Which skills would you build first if you were starting out?", "Answer": "Writing research plans.", "Surprised?": "No"},
        {"Contact": "Priya Natarajan", "Question": "How much of your time goes to modelling?", "Answer": "Maybe a fifth.", "Surprised?": "Yes"},
        {"Contact": "Grace O'Connor", "Question": "How do clinicians decide to trust a new tool?", "Answer": "When a respected colleague uses it first."},
        {"Contact": "Rachel Goldberg", "Question": "What would you want a newcomer to understand about patient experience?"},
        {"Contact": "Rachel Goldberg", "Question": "Could I shadow your team for a day?"},
        # open questions nobody can answer yet (Contact left blank)
        {"Question": "Do health-tech teams hire researchers without a clinical background?"},
        {"Question": "What does a research ops role pay outside the big cities?"},
    ]

    promises = [
        {"Contact": "Ann Lee", "Made On": ago(5), "Direction": "They offered", "Promise": "Introduce me to Marcus Webb on the research ops team",
         "Due Date": ago(4)},  # their-offer-pending
        {"Contact": "Grace O'Connor", "Made On": ago(40), "Direction": "I offered",
         "Promise": "Send her the article on patient-portal adoption we discussed"},  # my-promise-overdue (7-day window)
        {"Contact": "Priya Natarajan", "Made On": ago(1), "Direction": "They offered", "Promise": "Share the SQL course link"},
        {"Contact": "Laura Schmidt", "Made On": ago(90), "Direction": "I offered", "Promise": "Review her conference talk outline",
         "Due Date": ago(80), "Done On": ago(85)},
        {"Contact": "Samuel Okafor", "Made On": ago(160), "Direction": "They offered", "Promise": "Forward the junior engineer posting",
         "Due Date": ago(150), "Done On": ago(152)},
    ]

    follow_ups = [
        {"Contact": "Helen Park", "Date": ago(300), "Type": "Article or link", "Channel": "Email", "Summary": "Sent the replication-crisis podcast."},
        {"Contact": "Tomás Álvarez", "Date": ago(190), "Type": "Career update", "Channel": "Email", "Summary": "Told him I started the design course."},
        {"Contact": "Tomás Álvarez", "Date": ago(150), "Type": "Article or link", "Channel": "LinkedIn", "Summary": "Shared the GDS blog post."},
        {"Contact": "Tomás Álvarez", "Date": ago(100), "Type": "Catch-up", "Channel": "Phone", "Summary": "Quick call about his new project."},
        {"Contact": "Tomás Álvarez", "Date": ago(30), "Type": "Article or link", "Channel": "Email", "Summary": "Sent the service-design meetup link."},
        {"Contact": "Laura Schmidt", "Date": ago(1), "Type": "Job news", "Channel": "Email", "Summary": "Told her I accepted the offer at Northwind."},
        {"Contact": "Yusuf Demir", "Date": ago(1), "Type": "Job news", "Channel": "Email", "Summary": "Shared the news and thanked him."},
        {"Contact": "Samuel Okafor", "Date": ago(159), "Type": "Thank-you note", "Channel": "Letter", "Summary": "Handwritten card after the coffee."},
    ]

    leads = [
        {"Name": "Marcus Webb", "Suggested By": "Ann Lee", "Suggested On": ago(5), "Organization": "Northwind Health",
         "Why": "Runs research operations; hiring next quarter.", "Status": "To contact"},
        {"Name": "Julia Brandt", "Suggested By": "Samuel Okafor", "Organization": "Tailspin Software",
         "Why": "Moved from teaching into engineering management."},  # lead-not-contacted (start = interview date)
        {"Name": "Ravi Kapoor", "Suggested By": "Grace O'Connor", "Suggested On": ago(40), "Organization": "St. Brigid's Hospital",
         "Why": "Built the hospital's patient portal.", "Status": "Contacted", "Contacted On": ago(30)},  # report-back (Grace)
        {"Name": "Elena Petrova", "Suggested By": "Laura Schmidt", "Suggested On": ago(30), "Organization": "Proseware",
         "Why": "Leads the content design team.", "Status": "To contact"},  # lead-not-contacted
    ]

    settings = {
        "Your Name": "Jordan Rivera",
        "Your Email": "jordan.rivera@example.com",
        "Your LinkedIn": "https://www.linkedin.com/in/jordan-rivera-example",
        "Landed Job On": ago(2),  # share-the-news for everyone who helped and has not heard yet
        "New Role": "UX Researcher",
        "New Employer": "Northwind Health",
    }
    rows = {
        "Contacts": contacts,
        "Interviews": interviews,
        "Questions": questions,
        "Promises": promises,
        "Follow-Ups": follow_ups,
        "Leads": leads,
    }
    return rows, settings
