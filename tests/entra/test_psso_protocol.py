"""Apple's Platform SSO wire protocol (:mod:`psso_sim.entra.psso_wire`) against published samples.

Known answers: RFC 7518 Appendix C (the ECDH-ES Concat KDF example), and Apple's "Performing encryption
verification" and "Creating a JSON Web Encryption (JWE) login response" (AuthenticationServices docs): its
device keys, ephemeral key, login request, KDF inputs, derived key and JWE login response. Then round trips
through the simulation's own keys, cross-checked with joserfc's RFC 7516 decryption, and the tampering
each check is there to catch.
"""

from __future__ import annotations

import json
import re

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from joserfc import jwe
from joserfc.jwk import ECKey

from psso_sim.entra import es256
from psso_sim.entra.psso_wire import (
    JWT_BEARER,
    LOGIN_ASSERTION_TYPE,
    LOGIN_REQUEST_TYPE,
    b64url,
    concat_kdf,
    decrypt_login_response,
    embedded_assertion_claims,
    embedded_assertion_header,
    encrypt_login_response,
    kdf_other_info,
    key_id,
    login_request_claims,
    login_request_header,
    open_jwe,
    party_u_info,
    party_v_info,
    read_embedded_assertion,
    read_login_request,
    read_party_v_info,
    seal,
    unb64url,
)
from psso_sim.seeding import Seeds

# RFC 7518 Appendix C: Alice (ephemeral) and Bob, "apu": "Alice", "apv": "Bob", enc A128GCM.
RFC_ALICE = {"kty": "EC", "crv": "P-256", "x": "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0",
             "y": "SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps", "d": "0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo"}
RFC_BOB = {"kty": "EC", "crv": "P-256", "x": "weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ",
           "y": "e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck", "d": "VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw"}
RFC_Z = bytes([158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49, 110, 163, 218,
               128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196])

# Apple, "Performing encryption verification".
APPLE_SIGNING_KEY = {"kty": "EC", "crv": "P-256", "x": "gK60EgxT-EipyAgSlrHG0LgFVrgnd8UXAvLOgykJtms",
                     "y": "PAIz7YrH4Rxz1rlfn6JcnwSmFDVGY1ISlGnmK1NX5vs",
                     "d": "vXZoCHYVxEJVcCcQN50ZKEBwhlQYO6g3KaUIufh3vXw"}
APPLE_ENCRYPTION_KEY = {"kty": "EC", "crv": "P-256", "x": "TvkPOH4yscrSC1rFYvnBVPYMqzR1vKck9ht4D7K_gAQ",
                        "y": "4MlSuUf_7J6Ljv0FBT1jK0_sKGB4WYwdKCOtnTEAwz4",
                        "d": "1bqqmpoFEtzSnQMqp9N9ZRybnP8vjFUiZyGaSgKVGMw"}
APPLE_EPHEMERAL_KEY = {"kty": "EC", "crv": "P-256", "x": "VIXdgu3x0eLgEVtROZ5YQ4GUS8WZQT-3HPqX2FPoY4I",
                       "y": "erf9nEkEC8SiuwP-7f7udD7CnX5KEauVIfBPoqnmlYo",
                       "d": "okDfU7IYlFXoEKgqu-79iy-AR55omCKzVKlFCXy8z5c"}
APPLE_NONCE = "DDF68171-409D-4E2C-91F0-9E42D7745365"
APPLE_Z = "L87ywmD3aLpVlXsqAvq7udyr4s6M0y9MjQCytE71epA"
APPLE_PARTY_U_INFO = ("AAAABUFQUExFAAAAQQRUhd2C7fHR4uARW1E5nlhDgZRLxZlBP7cc-pfYU-hjgnq3_ZxJBAvEorsD_u3-7nQ-wp1-"
                      "ShGrlSHwT6Kp5pWK")
APPLE_PARTY_V_INFO = ("AAAABUFwcGxlAAAAQQRO-Q84fjKxytILWsVi-cFU9gyrNHW8pyT2G3gPsr-ABODJUrlH_-yei479BQU9YytP7ChgeFm"
                      "MHSgjrZ0xAMM-AAAAJERERjY4MTcxLTQwOUQtNEUyQy05MUYwLTlFNDJENzc0NTM2NQ")
APPLE_KDF_INPUT = (
    "AAAAAS_O8sJg92i6VZV7KgL6u7ncq-LOjNMvTI0AsrRO9XqQAAAAB0EyNTZHQ00AAABOAAAABUFQUExFAAAAQQRUhd2C7fHR4uARW1E5nlhD"
    "gZRLxZlBP7cc-pfYU-hjgnq3_ZxJBAvEorsD_u3-7nQ-wp1-ShGrlSHwT6Kp5pWKAAAAdgAAAAVBcHBsZQAAAEEETvkPOH4yscrSC1rFYvnB"
    "VPYMqzR1vKck9ht4D7K_gATgyVK5R__snouO_QUFPWMrT-woYHhZjB0oI62dMQDDPgAAACREREY2ODE3MS00MDlELTRFMkMtOTFGMC05RTQy"
    "RDc3NDUzNjUAAAEA"
)
APPLE_KEY = "kh36uWSGH25r09lLf3m5l3TLS5xKAs-h3UCdbTKheCY"
APPLE_IV = "cFAKroCUiODyXmdK"
APPLE_TAG = "4dpX5cVdPodXep2NyC2Vyg"
LOGIN_REQUEST = (
    "ewogICJraWQiIDogIldzOW1LeW5aeHlVU05YWXRNR0FqakxPK0pnMTZIQ2EvNXBKTzB1ZE5XSjQ9IiwKICAieDVjIiA6ICJNSUlCaERDQ0FTbW"
    "dBd0lCQWdJQkFUQUtCZ2dxaGtqT1BRUURBakEzTVJRd0VnWURWUVFERXd0a1pYWnBZMlVnZEdWemRERUxNQWtHQTFVRUJoTUNWVk14RWpBUUJn"
    "TlZCQW9UQ1VGd2NHeGxJRWx1WXpBZUZ3MHlNakEyTWpNeE56STFNekZhRncweU16QTJNak14TnpJMU16RmFNRGN4RkRBU0JnTlZCQU1UQzJSbG"
    "RtbGpaU0IwWlhOME1Rc3dDUVlEVlFRR0V3SlZVekVTTUJBR0ExVUVDaE1KUVhCd2JHVWdTVzVqTUZrd0V3WUhLb1pJemowQ0FRWUlLb1pJemow"
    "REFRY0RRZ0FFZ0s2MEVneFQrRWlweUFnU2xySEcwTGdGVnJnbmQ4VVhBdkxPZ3lrSnRtczhBalB0aXNmaEhIUFd1Vitmb2x5ZkJLWVVOVVpqVW"
    "hLVWFlWXJVMWZtKzZNbU1DUXdFZ1lEVlIwVEFRSC9CQWd3QmdFQi93SUJBREFPQmdOVkhROEJBZjhFQkFNQ0I0QXdDZ1lJS29aSXpqMEVBd0lE"
    "U1FBd1JnSWhBTXdHT1l3Z2Y1eEd4TmNaTEwvWTRwaEE2NncvUFNWTGVRWWhlYzJKVFFGMUFpRUFsTlNVRHljdnYwRHdEUVlVNHdVcGNvL0dCdW"
    "hjNG1QbWxpMytEVCtwMUlzPSIsCiAgInR5cCIgOiAiSldUIiwKICAiYWxnIiA6ICJFUzI1NiIKfQ.ewogICJpYXQiIDogIjE2NTYwMDUxMzIiL"
    "AogICJqd2VfY3J5cHRvIiA6IHsKICAgICJhbGciIDogIkVDREgtRVMiLAogICAgImVuYyIgOiAiQTI1NkdDTSIsCiAgICAiYXB2IiA6ICJBQUF"
    "BQlVGd2NHeGxBQUFBUVFSTy1RODRmakt4eXRJTFdzVmktY0ZVOWd5ck5IVzhweVQyRzNnUHNyLUFCT0RKVXJsSF8teWVpNDc5QlFVOVl5dFA3Q"
    "2hnZUZtTUhTZ2pyWjB4QU1NLUFBQUFKRVJFUmpZNE1UY3hMVFF3T1VRdE5FVXlReTA1TVVZd0xUbEZOREpFTnpjME5UTTJOUSIKICB9LAogICJ"
    "wYXNzd29yZCIgOiAiYmFyIiwKICAicmVxdWVzdF9ub25jZSIgOiAiQXdBQkFBQUFBQUFEQU96X0JBRHZfeHRndV9TTTFNdm9xMDJQWXpfWWZYe"
    "Hg1RkFnY0xITE5pa0g2Z2pyQld3Y3FuUldfaGF4cU85SkNpUGF0NUtma1RpbHkwNFM4RUgzQVF3VnNXQ3hIWVFnQUEiLAogICJzY29wZSIgOiA"
    "ib3BlbmlkIG9mZmxpbmVfYWNjZXNzIHVybjphcHBsZTpwbGF0Zm9ybXNzbyIsCiAgImdyYW50X3R5cGUiIDogInBhc3N3b3JkIiwKICAidXNlc"
    "m5hbWUiIDogImZvbyIsCiAgImF1ZCIgOiAiaHR0cHM6Ly9sb2NhbGhvc3QuYXBwbGUuY29tOjg4ODgvYXV0aC90b2tlbiIsCiAgImNsaWVudF9"
    "pZCIgOiAiYWFmZjE1MjQtZmEzNS00MGM1LTk0ZTMtMmIyMzNjNWYyOTY1IiwKICAibm9uY2UiIDogIkRERjY4MTcxLTQwOUQtNEUyQy05MUYwL"
    "TlFNDJENzc0NTM2NSIKfQ.JMD4NkC0bwrQ0GZI66EMo50Rwgfj3fewTc_6836zWbyvNwcCSNmL9hKIgJx-oFoiwZ0dtYYN5KPI3MHLg3-GBw"
)

RESPONSE_HEADER = (
    "ewogICJlbmMiIDogIkEyNTZHQ00iLAogICJraWQiIDogInBTY251engzeDg1RXlwNkN0SzlVUUFEeE9zQUdUUDcyeTAyVGczbTFzazg9IiwKIC"
    "AiZXBrIiA6IHsKICAgICJ5IiA6ICJlcmY5bkVrRUM4U2l1d1AtN2Y3dWREN0NuWDVLRWF1VklmQlBvcW5tbFlvIiwKICAgICJ4IiA6ICJWSVhk"
    "Z3UzeDBlTGdFVnRST1o1WVE0R1VTOFdaUVQtM0hQcVgyRlBvWTRJIiwKICAgICJrdHkiIDogIkVDIiwKICAgICJjcnYiIDogIlAtMjU2IgogIH"
    "0sCiAgImFwdSIgOiAiQUFBQUJVRlFVRXhGQUFBQVFRUlVoZDJDN2ZIUjR1QVJXMUU1bmxoRGdaUkx4WmxCUDdjYy1wZllVLWhqZ25xM19aeEpC"
    "QXZFb3JzRF91My03blEtd3AxLVNoR3JsU0h3VDZLcDVwV0siLAogICJ0eXAiIDogIkpXVCIsCiAgImFsZyIgOiAiRUNESC1FUyIKfQ"
)

PLAIN_TEXT = (
    "ewogICJyZWZyZXNoX3Rva2VuIiA6ICJBd0FCQUFBQXZQTTFLYVBsckVxZEZTQnpqcWZUR0FNeFpHVVRkTTB0NEI0IiwKICAiaWRfdG9rZW4iID"
    "ogImV3b2dJQ0owZVhBaUlEb2dJa3BYVkNJc0NpQWdJbUZzWnlJZ09pQWlVbE15TlRZaUxBb2dJQ0pyYVdRaUlEb2dJblYwYzB0aGVsWklVSFk0"
    "VFhoRFIwOXhORmcxWW14VFp6RjFRVFpCYkhWV2NYaE5SVWxTTjB0bGVUZzlJZ3A5LmV3b2dJQ0p1YjI1alpTSWdPaUFpUkVSR05qZ3hOekV0Tk"
    "RBNVJDMDBSVEpETFRreFJqQXRPVVUwTWtRM056UTFNelkxSWl3S0lDQWlhV0YwSWlBNklDSXhOalUyTURBMU1UTXlJaXdLSUNBaWJtSm1JaUE2"
    "SUNJeE5qVTJNREExTVRNeUlpd0tJQ0FpZFhCdUlpQTZJQ0ptYjI4aUxBb2dJQ0psZUhBaUlEb2dJakUyTlRZd01EVTBNeklpTEFvZ0lDSmhkV1"
    "FpSURvZ0ltRmhabVl4TlRJMExXWmhNelV0TkRCak5TMDVOR1V6TFRKaU1qTXpZelZtTWprMk5TSXNDaUFnSW1semN5SWdPaUFpYUhSMGNITTZM"
    "eTltYjI4dWFYTnpkV1Z5TG1OdmJTSUtmUS5HMi1EcWhBaUoxaTZPS3JYdjh2ZzVWcjhWWXFxcW1ZdnZ1U2FQSmZ3c0xEb3QyaXZIdzJhbGp5WG"
    "5na05WaDYtTmtrZXZHWnRJUnFTcE9yMGY5czB6XzlmazJmajJzb3lHOWlOMFJoSmNJLV9xSG9hTGxrZWFDNFF2WTZ4alZRMnVqOG5iUnBIRVN4"
    "VGRoSi1LSjZfMm1BVGk3NVZxUmlfV3NBMElLZnhCaGc4Y01aS25lMF9pTTRoRERqQVFQR2N2SWtMcG5nT1BTbWRHbUxNUkZVU0twVVBQYmt0Qz"
    "RHa0Y0T1VBZXJFS0VORFdlZHhpU2pCa2VwOW1ZVV9MdDNFM2o0RU1ZVFVyTDNZeU1XTGotdnRUY2ttVTJCZHNvMHlfbnlfMDhpWWdPVXJ2OGJw"
    "dlkxQTdoc1NwZWM5ZTYwMWRKSHAxekx3NVppbzhjVVl0MnFKalEiLAogICJleHBpcmVzX29uIiA6ICIxNjU2MDMzOTMyIiwKICAidG9rZW5fdH"
    "lwZSIgOiAiQmVhcmVyIiwKICAiZXhwaXJlc19pbiIgOiAyODgwMCwKICAicmVmcmVzaF90b2tlbl9leHBpcmVzX2luIiA6IDI4ODAwCn0"
)

CIPHER_TEXT = (
    "Clpc69y98u7GwODBB9u4ZIcxyOY-MHlVmPIlP5Tz9pKKMLJfHTKkWtHpP1Y8YKAdT7iuRN09bTNRgArfPLIlo7WkUolOGoU3oV07p3m3cOmTzm"
    "VqOmVs0dXlEVZlF21TX_hjN2sj5RpC4tWBdKVdoCej4u0Brkgypw0jXtKUzjIM2HcE-8Yy4fC-ixTnescR1M3eM_6IWRR1MtEYTy1C7JrBcw9g"
    "ZVSmvC1DpeH49gYw9FkIQUpdnfvyreVU0DfvqhABvp29fpVmQqoaENoLuqDt0Ajfko5LWRz3sLcZipoZ0gdRgwQpcNLnBUYAZs5D7t8Yuay2CZ"
    "jAoTZcbFv4F8Mrg2BgEncVwhC9jTEVGe3GinlsziPdSVIt-7lXbV99yk2qX0eYb4ItScWgUfl3y_p623Xtr3AOxlslahF7fm8PN3sAJnwb_aQQ"
    "xeeQZQyRZKD9uMHHUTMZeoJbXxV1KdGgQMYdW0Z40_WYFtqT8UwboptazbZX02GOmz2gO7JSe0OHgLCPAfvp9Ah2apYrEDqp01tYwhCG8SNuBB"
    "_sXPuJx-euUuxu70s1809k44A_hAc_iYDPwTBpAXBLOiuJIxVZgy54WNNiP_WqBImjsA1ioE7Mrvqkn-DnkM0NP2rt1GvaZ-IpUNgAXKudjiT5"
    "1guQLnRcr9r3pNmmIaUrqKepMJdAYqUbc9PjYUus7RX-20r5pudVi8Ef0Tg5y9Hk3f7sfiX9peBea_L5yQP-tjXJN8lITRBFCtvvsTb0ALVbKT"
    "THiItmYFxl7XzAljiOMiXEKDKwb0VqOtkU4Ljdz2_M7mW0sT1M6_8XZ6dn3W9RMAeqmLnKlxU5gxj0rK5C8Dnok-I2jOlDzr7uS01WBmaln4E2"
    "MTRLyGsdUhXk6JLewtomMTrM7dfq1x6iZubbV8fOk4ayKlEh6xQONPfUXAnr-OB45gllZ2GWNaipd9nwJyGnktSQYpjHiMgl-eKQ3nwwD6Tnj9"
    "yYZgvq-D5_DUknvk1XMGTF1CAKaGWDWvf4t2LTyxLld6qgDKyrQWYVKRbHY5LtUqlQjTUP9WGVCNnojVfEIVJIxGXspgL_QwViuBBkmHa_IEd1"
    "8UE68_yhtBh1dxi_K3td6AG01_Fm1UgYNhi4SPHJqA22zJQ397HdAAGk1bYk5IacY9qyqpVXPBRhEE92DG5oDZcCUB9li87NWRJIaF46Q1z5S2"
    "ROSBimBi-nyOX5G4DpgrPjst3lK7NacpssjdPk2fDh3XXKu2r4RXBr7l7hweuwKNgyzPBoTZ37dadYKz1MpxO5Ag43xLzTougLDkVrS5w"
)
APPLE_RESPONSE = f"{RESPONSE_HEADER}..{APPLE_IV}.{CIPHER_TEXT}.{APPLE_TAG}"


def _private(jwk: dict[str, str]) -> ec.EllipticCurvePrivateKey:
    key = ECKey.import_key(jwk).private_key
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


def test_the_concat_kdf_gives_rfc_7518_appendix_c():
    z = _private(RFC_ALICE).exchange(ec.ECDH(), _private(RFC_BOB).public_key())
    assert z == RFC_Z
    assert b64url(concat_kdf(z, b"Alice", b"Bob", "A128GCM", 128)) == "VqqN6vgjbSBcIijNcacQGg"


def test_the_kdf_inputs_and_key_are_apples_sample():
    ephemeral, device = _private(APPLE_EPHEMERAL_KEY), _private(APPLE_ENCRYPTION_KEY)
    z = ephemeral.exchange(ec.ECDH(), device.public_key())
    assert b64url(z) == APPLE_Z
    apu, apv = party_u_info(ephemeral.public_key()), party_v_info(device.public_key(), APPLE_NONCE)
    assert (b64url(apu), b64url(apv)) == (APPLE_PARTY_U_INFO, APPLE_PARTY_V_INFO)
    assert b64url((1).to_bytes(4, "big") + z + kdf_other_info(apu, apv)) == APPLE_KDF_INPUT
    assert b64url(concat_kdf(z, apu, apv)) == APPLE_KEY
    assert read_party_v_info(apv) == (es256.public_point(device), APPLE_NONCE)


def test_apples_login_request_verifies_with_its_device_signing_key_only():
    header, claims = es256.verified(LOGIN_REQUEST, _private(APPLE_SIGNING_KEY).public_key())
    assert header["alg"] == "ES256" and claims["nonce"] == APPLE_NONCE
    assert claims["jwe_crypto"] == {"alg": "ECDH-ES", "enc": "A256GCM", "apv": APPLE_PARTY_V_INFO}
    assert read_login_request(LOGIN_REQUEST, _private(APPLE_SIGNING_KEY).public_key())["username"] == "foo"
    with pytest.raises(ValueError, match="not an ES256 JWS of this key"):
        read_login_request(LOGIN_REQUEST, _private(APPLE_ENCRYPTION_KEY).public_key())


def test_a_kid_is_the_base64_sha256_of_the_keys_x963_point_as_in_apples_login_request():
    header, _ = es256.verified(LOGIN_REQUEST, _private(APPLE_SIGNING_KEY).public_key())
    assert key_id(_private(APPLE_SIGNING_KEY).public_key()) == header["kid"] == (
        "Ws9mKynZxyUSNXYtMGAjjLO+Jg16HCa/5pJO0udNWJ4=")


def test_sealing_apples_plain_text_gives_apples_login_response():
    sealed = seal(RESPONSE_HEADER, unb64url(PLAIN_TEXT), unb64url(APPLE_KEY), unb64url(APPLE_IV))
    assert sealed == APPLE_RESPONSE


def test_apples_login_response_decrypts_with_the_device_key_and_the_requests_apv():
    device = _private(APPLE_ENCRYPTION_KEY)
    header, plaintext = open_jwe(APPLE_RESPONSE, device, unb64url(APPLE_PARTY_V_INFO))
    assert plaintext == unb64url(PLAIN_TEXT) and header["typ"] == "JWT"  # macOS 13's type
    body = decrypt_login_response(APPLE_RESPONSE, device, unb64url(APPLE_PARTY_V_INFO))
    assert body["token_type"] == "Bearer" and body["refresh_token_expires_in"] == 28800
    other_nonce = party_v_info(device.public_key(), "B7F1FC32-9121-4E2A-9E32-8417E03675DD")
    with pytest.raises(ValueError, match="does not decrypt"):
        open_jwe(APPLE_RESPONSE, device, other_nonce)
    with pytest.raises(ValueError, match="does not decrypt"):
        open_jwe(APPLE_RESPONSE, _private(APPLE_SIGNING_KEY), unb64url(APPLE_PARTY_V_INFO))


def _keys(purpose: str) -> ec.EllipticCurvePrivateKey:
    return es256.derive_key(Seeds(7).stream(purpose))


def test_a_login_response_round_trips_and_joserfc_decrypts_it_too():
    device, ephemeral = _keys("device"), _keys("ephemeral")
    apv = party_v_info(device.public_key(), "nonce-1")
    body = {"id_token": "x.y.z", "refresh_token": "prt", "refresh_token_expires_in": 1209600, "token_type": "Bearer"}
    token = encrypt_login_response(body, device.public_key(), apv, ephemeral_key=ephemeral, iv=bytes(12))
    assert decrypt_login_response(token, device, apv) == body
    # The header carries apu and apv, so a plain RFC 7516 implementation decrypts it as well.
    opened = jwe.decrypt_compact(token, ECKey.import_key(device), algorithms=["ECDH-ES", "A256GCM"])
    assert json.loads(opened.plaintext or b"") == body
    assert encrypt_login_response(body, device.public_key(), apv, ephemeral_key=ephemeral, iv=bytes(12)) == token


def test_a_response_for_another_request_or_with_a_forged_apu_is_refused():
    device, ephemeral = _keys("device"), _keys("ephemeral")
    apv = party_v_info(device.public_key(), "nonce-1")
    token = encrypt_login_response({"a": 1}, device.public_key(), apv, ephemeral_key=ephemeral, iv=bytes(12))
    with pytest.raises(ValueError, match=r"apv is not the jwe_crypto\.apv"):
        decrypt_login_response(token, device, party_v_info(device.public_key(), "nonce-2"))
    header = json.loads(unb64url(token.split(".")[0]))
    header["apu"] = b64url(party_u_info(_keys("other").public_key()))
    forged = ".".join([b64url(json.dumps(header).encode()), *token.split(".")[1:]])
    with pytest.raises(ValueError, match="does not name this ephemeral key"):
        decrypt_login_response(forged, device, apv)
    with pytest.raises(ValueError, match="compact JWE"):
        decrypt_login_response("a.b.c", device, apv)


def test_a_login_request_must_say_its_type_and_ask_for_the_jwe():
    device = _keys("signing")
    claims = login_request_claims(client_id="c", audience="https://idp/token", username="u", password="p",
                                  request_nonce="rn", nonce="n", apv=b"apv", issued_at=100)
    request = es256.sign(claims, device, login_request_header("device-id"))
    assert read_login_request(request, device.public_key())["request_nonce"] == "rn"
    wrong_type = es256.sign(claims, device, {**login_request_header("device-id"), "typ": "at+jwt"})
    with pytest.raises(ValueError, match=re.escape(LOGIN_REQUEST_TYPE)):
        read_login_request(wrong_type, device.public_key())
    no_jwe = es256.sign({k: v for k, v in claims.items() if k != "jwe_crypto"}, device, login_request_header("d"))
    with pytest.raises(ValueError, match="jwe_crypto"):
        read_login_request(no_jwe, device.public_key())
    with pytest.raises(ValueError, match="PartyVInfo"):
        read_party_v_info(b"\x00\x00\x00\x05Apple")


def test_a_user_key_login_request_carries_the_embedded_assertion_in_place_of_the_password():
    device, user = _keys("signing"), _keys("user")
    embedded = es256.sign(embedded_assertion_claims(username="u", audience="https://idp/token", request_nonce="rn",
                                                    nonce="n", issued_at=100), user,
                          embedded_assertion_header(user.public_key()))
    claims = login_request_claims(client_id="c", audience="https://idp/token", username="u", assertion=embedded,
                                  request_nonce="rn", nonce="n", apv=b"apv", issued_at=100)
    assert claims["grant_type"] == JWT_BEARER and "password" not in claims
    request = es256.sign(claims, device, login_request_header("device-id"))
    inner = read_login_request(request, device.public_key())["assertion"]
    assert read_embedded_assertion(inner, user.public_key()) == {
        "iss": "u", "sub": "u", "aud": "https://idp/token", "iat": 100, "exp": 400, "nonce": "n",
        "request_nonce": "rn", "scope": "openid offline_access urn:apple:platformsso"}
    with pytest.raises(ValueError, match="not an ES256 JWS of this key"):
        read_embedded_assertion(inner, device.public_key())
    with pytest.raises(ValueError, match=re.escape(LOGIN_ASSERTION_TYPE)):  # a login request is no assertion
        read_embedded_assertion(es256.sign({}, user, login_request_header("k")), user.public_key())
    with pytest.raises(ValueError, match="either the password or an embedded assertion"):
        login_request_claims(client_id="c", audience="a", username="u", password="p", assertion=embedded,
                             request_nonce="rn", nonce="n", apv=b"", issued_at=0)
    card = embedded_assertion_header(user.public_key(), b"\x30\x03")
    assert card == {"alg": "ES256", "kid": key_id(user.public_key()), "typ": LOGIN_ASSERTION_TYPE, "x5c": "MAM="}
