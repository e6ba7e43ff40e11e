"""Every country name ACLED and UCDP use finds its ISO code; exports give ACLED's names."""

import pytest

from events.interchange import countries

# ACLED's country names (its country list, all regions).
ACLED_COUNTRIES = """
Afghanistan|Albania|Algeria|American Samoa|Andorra|Angola|Anguilla|Antarctica|
Antigua and Barbuda|Argentina|Armenia|Aruba|Australia|Austria|Azerbaijan|Bahamas|Bahrain|
Bailiwick of Guernsey|Bailiwick of Jersey|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|
Bermuda|Bhutan|Bolivia|Bosnia and Herzegovina|Botswana|Brazil|British Indian Ocean Territory|
British Virgin Islands|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|
Cape Verde|Caribbean Netherlands|Cayman Islands|Central African Republic|Chad|Chile|China|
Christmas Island|Cocos (Keeling) Islands|Colombia|Comoros|Cook Islands|Costa Rica|Croatia|Cuba|
Curacao|Cyprus|Czech Republic|Democratic Republic of Congo|Denmark|Djibouti|Dominica|
Dominican Republic|East Timor|Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia|
eSwatini|Ethiopia|Falkland Islands|Faroe Islands|Fiji|Finland|France|French Guiana|
French Polynesia|Gabon|Gambia|Georgia|Germany|Ghana|Gibraltar|Greece|Greenland|Grenada|
Guadeloupe|Guam|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hong Kong|Hungary|
Iceland|India|Indonesia|Iran|Iraq|Ireland|Isle of Man|Israel|Italy|Ivory Coast|Jamaica|Japan|
Jordan|Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|
Libya|Liechtenstein|Lithuania|Luxembourg|Macau|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|
Marshall Islands|Martinique|Mauritania|Mauritius|Mayotte|Mexico|Micronesia|Moldova|Monaco|
Mongolia|Montenegro|Montserrat|Morocco|Mozambique|Myanmar|Namibia|Nauru|Nepal|Netherlands|
New Caledonia|New Zealand|Nicaragua|Niger|Nigeria|Niue|Norfolk Island|North Korea|
North Macedonia|Northern Mariana Islands|Norway|Oman|Pakistan|Palau|Palestine|Panama|
Papua New Guinea|Paraguay|Peru|Philippines|Pitcairn|Poland|Portugal|Puerto Rico|Qatar|
Republic of Congo|Reunion|Romania|Russia|Rwanda|Saint Helena, Ascension and Tristan da Cunha|
Saint Kitts and Nevis|Saint Lucia|Saint Pierre and Miquelon|Saint Vincent and the Grenadines|
Saint-Barthelemy|Saint-Martin|Samoa|San Marino|Sao Tome and Principe|Saudi Arabia|Senegal|
Serbia|Seychelles|Sierra Leone|Singapore|Sint Maarten|Slovakia|Slovenia|Solomon Islands|Somalia|
South Africa|South Georgia and the South Sandwich Islands|South Korea|South Sudan|Spain|
Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|
Tokelau|Tonga|Trinidad and Tobago|Tunisia|Turkey|Turkmenistan|Turks and Caicos Islands|Tuvalu|
Uganda|Ukraine|United Arab Emirates|United Kingdom|United States|
United States Minor Outlying Islands|Uruguay|Uzbekistan|Vanuatu|Vatican City|Venezuela|Vietnam|
Virgin Islands, U.S.|Wallis and Futuna|Western Sahara|Yemen|Zambia|Zimbabwe
"""
NAMES = [name.strip() for name in ACLED_COUNTRIES.replace("\n", "").split("|")]


def test_every_acled_country_name_has_an_iso_code_and_comes_back_as_acled_spells_it():
    unknown = [name for name in NAMES if not countries.code_of(name)]
    assert unknown == []
    renamed = {
        name: countries.name_of(countries.code_of(name))
        for name in NAMES
        if countries.name_of(countries.code_of(name)) != name
    }
    assert renamed == {}
    assert len({countries.code_of(name) for name in NAMES}) == len(NAMES)


@pytest.mark.parametrize(
    "name, code",
    [
        ("Russia (Soviet Union)", "RU"),
        ("DR Congo (Zaire)", "CD"),
        ("Yemen (North Yemen)", "YE"),
        ("Serbia (Yugoslavia)", "RS"),
        ("Kingdom of eSwatini (Swaziland)", "SZ"),
        ("Cambodia (Kampuchea)", "KH"),
        ("Bosnia-Herzegovina", "BA"),
        ("  Palestine ", "PS"),
    ],
)
def test_ucdp_and_variant_names_find_their_code(name, code):
    assert countries.code_of(name) == code


def test_iso_numeric_codes_as_acled_writes_them():
    assert countries.code_of_numeric("275") == "PS"
    assert countries.code_of_numeric("760.0") == "SY"
    assert countries.code_of_numeric("0") == ""  # Kosovo in ACLED: no ISO code
    assert countries.code_of_numeric("²") == "" and countries.code_of_numeric("1e999") == ""
