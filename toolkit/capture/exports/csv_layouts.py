"""The column headers of the CSV exports `tracker import` reads, by what each column holds.

One layout per language, since one word means different things in two
languages (Italian "Nome" is a first name, French "Nom" a family name). A
file's layout is the one that recognises most of its headers. English covers
LinkedIn's Connections.csv, Google Contacts (old and new), Outlook and
Thunderbird; the others are the headers a localised Outlook writes. Headers
are compared in any case, with surrounding and repeated spaces ignored.
Where a field has several columns, they are tried in the order listed.
"""

from __future__ import annotations

# The fields a person is built from; every header below names one of them.
FIELDS = ("full", "first", "middle", "last", "email", "phone", "organization", "title", "linkedin", "web",
          "address", "connected")
# An address in parts, "work:street" to "home:country": the work address is taken when it has a street or city.
ADDRESS_PARTS = ("street", "city", "region", "postcode", "country")

ENGLISH = {
    "full": ["Name", "Display Name", "Full Name"],
    "first": ["First Name", "Given Name", "First"],
    "middle": ["Middle Name", "Additional Name", "Middle"],
    "last": ["Last Name", "Family Name", "Surname", "Last"],
    # Google numbers its columns: "E-mail 1 - Value" up to as many as someone has; the reader tries 1 to 9.
    "email": ["Email Address", "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Primary Email",
              "Secondary Email", "Email", "E-mail", "Work Email", "Home Email", "Other Email", "Email Work", "Email Home",
              "Email Other", *(f"E-mail {n} - Value" for n in range(1, 10))],
    "phone": ["Mobile Phone", "Mobile Number", "Business Phone", "Work Phone", "Primary Phone", "Home Phone",
              "Phone", *(f"Phone {n} - Value" for n in range(1, 10))],
    "organization": ["Company", "Organization", "Organization 1 - Name", "Organization Name"],
    "title": ["Position", "Job Title", "Organization 1 - Title", "Organization Title"],
    "linkedin": ["URL", "LinkedIn", "LinkedIn URL", "LinkedIn Profile"],
    "web": ["Web Page", "Business Web Page", "Personal Web Page", "Web Page 1", "Web Page 2", "Website",
            *(f"Website {n} - Value" for n in range(1, 10))],
    "address": ["Address 1 - Formatted", "Business Address", "Home Address 1 - Formatted"],
    "connected": ["Connected On"],
    "work:street": ["Business Street", "Business Street 2", "Business Street 3", "Work Address", "Work Address 2", "Work Street"],
    "work:city": ["Business City", "Work City"],
    "work:region": ["Business State", "Work State"],
    "work:postcode": ["Business Postal Code", "Work ZipCode"],
    "work:country": ["Business Country/Region", "Work Country"],
    "home:street": ["Home Street", "Home Street 2", "Home Street 3", "Home Address", "Home Address 2"],
    "home:city": ["Home City"],
    "home:region": ["Home State"],
    "home:postcode": ["Home Postal Code", "Home ZipCode"],
    "home:country": ["Home Country/Region", "Home Country"],
}

GERMAN = {
    "full": ["Anzeigename", "Name"],
    "first": ["Vorname"],
    "middle": ["Weitere Vornamen"],
    "last": ["Nachname"],
    "email": ["E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse", "Primäre E-Mail-Adresse",
              "Sekundäre E-Mail-Adresse"],
    "phone": ["Mobiltelefon", "Mobil-Tel.-Nr.", "Telefon geschäftlich", "Haupttelefon", "Telefon privat"],
    "organization": ["Firma", "Organisation"],
    "title": ["Position"],
    "web": ["Webseite", "Webseite 1", "Webseite 2"],
    "work:street": ["Straße geschäftlich", "Straße geschäftlich 2"],
    "work:city": ["Ort geschäftlich"],
    "work:region": ["Region geschäftlich"],
    "work:postcode": ["Postleitzahl geschäftlich"],
    "work:country": ["Land geschäftlich"],
    "home:street": ["Straße privat", "Privat: Adresse"],
    "home:city": ["Ort privat"],
    "home:region": ["Region privat"],
    "home:postcode": ["Postleitzahl privat", "Privat: PLZ"],
    "home:country": ["Land privat", "Privat: Land"],
}

FRENCH = {
    "full": ["Nom à afficher"],
    "first": ["Prénom"],
    "middle": ["Deuxième prénom"],
    "last": ["Nom"],
    "email": ["Adresse de messagerie", "Adresse de messagerie 2", "Adresse de messagerie 3",
              "Adresse électronique principale", "Adresse électronique secondaire"],
    "phone": ["Tél. mobile", "Portable", "Téléphone (bureau)", "Tél. professionnel", "Téléphone principal",
              "Téléphone (domicile)"],
    "organization": ["Société"],
    "title": ["Profession", "Fonction"],
    "web": ["Page Web", "Site Web 1", "Site Web 2"],
    "work:street": ["Rue (bureau)", "Adresse professionnelle"],
    "work:city": ["Ville (bureau)"],
    "work:region": ["Dép/Région (bureau)"],
    "work:postcode": ["Code postal (bureau)"],
    "work:country": ["Pays/Région (bureau)"],
    "home:street": ["Rue (domicile)", "Adresse privée"],
    "home:city": ["Ville (domicile)"],
    "home:region": ["Dép/Région (domicile)"],
    "home:postcode": ["Code postal (domicile)"],
    "home:country": ["Pays/Région (domicile)"],
}

SPANISH = {
    "full": ["Nombre en pantalla"],
    "first": ["Nombre"],
    "middle": ["Segundo nombre"],
    "last": ["Apellidos"],
    "email": ["Dirección de correo electrónico", "Dirección de correo electrónico 2", "Dirección del correo electrónico 3",
              "Dirección de correo electrónico principal", "Dirección de correo electrónico secundaria"],
    "phone": ["Teléfono móvil", "Teléfono del trabajo", "Teléfono (Trabajo)", "Teléfono principal", "Particular"],
    "organization": ["Organización", "Compañía", "Empresa"],
    "title": ["Puesto", "Cargo"],
    "web": ["Página web", "Página web 1", "Página web 2"],
    "work:street": ["Calle del trabajo", "Dirección de trabajo"],
    "work:city": ["Ciudad de trabajo"],
    "work:region": ["Provincia o estado de trabajo"],
    "work:postcode": ["Código postal del trabajo", "Código postal (Trabajo)"],
    "work:country": ["País o región del trabajo", "País (Trabajo)"],
    "home:street": ["Calle del domicilio", "Dirección personal"],
    "home:city": ["Ciudad del domicilio"],
    "home:region": ["Provincia o estado del domicilio"],
    "home:postcode": ["Código postal del domicilio"],
    "home:country": ["País o región del domicilio", "País de residencia"],
}

ITALIAN = {
    "full": ["Nome visualizzato"],
    "first": ["Nome"],
    "middle": ["Secondo nome"],
    "last": ["Cognome"],
    "email": ["Indirizzo e-mail", "Indirizzo e-mail 2", "Indirizzo e-mail 3", "Email principale", "Email secondaria"],
    "phone": ["Telefono mobile", "Numero cellulare", "Telefono di lavoro", "Telefono lavoro", "Telefono principale",
              "Telefono di casa"],
    "organization": ["Società", "Organizzazione"],
    "title": ["Qualifica", "Titolo di lavoro"],
    "web": ["Pagina Web", "Pagina web 1", "Pagina web 2"],
    "work:street": ["Indirizzo di lavoro", "Indirizzo di lavoro 2"],
    "work:city": ["Città di lavoro"],
    "work:region": ["Provincia di lavoro"],
    "work:postcode": ["CAP di lavoro"],
    "work:country": ["Nazione/Regione di lavoro", "Nazione di lavoro"],
    "home:street": ["Indirizzo di casa", "Indirizzo di casa 2"],
    "home:city": ["Città di residenza"],
    "home:region": ["Provincia di residenza"],
    "home:postcode": ["CAP di casa", "CAP di residenza"],
    "home:country": ["Nazione/Regione di casa", "Nazione di residenza"],
}

PORTUGUESE = {
    "first": ["Nome", "Primeiro nome"],
    "middle": ["Segundo nome"],
    "last": ["Sobrenome", "Último nome"],
    "email": ["Endereço de e-mail", "Endereço de e-mail 2", "Endereço de e-mail 3"],
    "phone": ["Telefone celular", "Fone comercial", "Telefone comercial", "Telefone principal", "Fone de casa"],
    "organization": ["Empresa"],
    "title": ["Cargo"],
    "web": ["Página da Web", "Página da web"],
    "work:street": ["Rua comercial"],
    "work:city": ["Cidade comercial"],
    "work:region": ["Estado comercial"],
    "work:postcode": ["Código postal comercial", "CEP comercial"],
    "work:country": ["Região/País comercial", "País/Região comercial"],
    "home:street": ["Rua de casa"],
    "home:city": ["Cidade de casa"],
    "home:region": ["Estado de casa"],
    "home:postcode": ["Código postal de casa"],
    "home:country": ["Região/País de casa"],
}

LAYOUTS = {"English": ENGLISH, "German": GERMAN, "French": FRENCH, "Spanish": SPANISH, "Italian": ITALIAN,
           "Portuguese": PORTUGUESE}


def header_key(text: str) -> str:
    """A header as compared: any case, surrounding and repeated spaces ignored, a byte-order mark dropped."""
    return " ".join(str(text).replace("\ufeff", "").split()).casefold()


def best_layout(headers: list[str]) -> tuple[str, dict[str, list[int]]]:
    """The layout that recognises most of `headers`, and field -> the positions of its columns, in layout order."""
    keys = [header_key(h) for h in headers]
    best_name, best_columns, best_count = "English", {}, -1
    for name, layout in LAYOUTS.items():
        columns: dict[str, list[int]] = {}
        for field_name, names in layout.items():
            positions = [keys.index(header_key(n)) for n in names if header_key(n) in keys]
            if positions:
                columns[field_name] = list(dict.fromkeys(positions))
        count = sum(len(p) for p in columns.values())
        if count > best_count:
            best_name, best_columns, best_count = name, columns, count
    return best_name, best_columns
