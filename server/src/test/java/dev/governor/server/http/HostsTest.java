package dev.governor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostsTest {

  @Test
  void loopback_isLocalhostOr127Slash8OrColonColon1_neverAName() {
    for (String host : new String[] {"localhost", "LocalHost.", "127.0.0.1", "127.255.0.9", "::1", "[::1]",
        "0:0:0:0:0:0:0:1"}) {
      assertThat(Hosts.isLoopback(host)).as(host).isTrue();
    }
    for (String host : new String[] {"0.0.0.0", "::", "10.0.0.1", "localhost.evil.example", "127.0.0.1.nip.io",
        "governor.internal", "128.0.0.1", "999.0.0.1"}) {
      assertThat(Hosts.isLoopback(host)).as(host).isFalse();
    }
  }

  @Test
  void literal_takesDottedQuadsAndIpv6_butNoNameAndNoOctetOver255() {
    assertThat(Hosts.literal("10.1.2.3")).isPresent();
    assertThat(Hosts.literal("[fd00::5]")).isPresent();
    assertThat(Hosts.literal("999.1.1.1")).as("a name to the JDK, looked up in DNS: refused here").isEmpty();
    assertThat(Hosts.literal("example.com")).isEmpty();
    assertThat(Hosts.literal("1.2.3")).isEmpty();
    assertThat(Hosts.literal("::g")).isEmpty();
  }

  @Test
  void wildcard_isEveryInterface() {
    assertThat(Hosts.isWildcard("0.0.0.0")).isTrue();
    assertThat(Hosts.isWildcard("::")).isTrue();
    assertThat(Hosts.isWildcard("127.0.0.1")).isFalse();
  }

  @Test
  void ofHeader_dropsThePort_andRefusesWhatIsNoHost() {
    assertThat(Hosts.ofHeader("Governor.Example.com:8443")).hasValue("governor.example.com");
    assertThat(Hosts.ofHeader("[::1]:8080")).hasValue("[::1]");
    assertThat(Hosts.ofHeader("localhost.")).hasValue("localhost");
    assertThat(Hosts.ofHeader("a:b:c")).isEmpty();
    assertThat(Hosts.ofHeader("[::1")).isEmpty();
    assertThat(Hosts.ofHeader("host:port")).isEmpty();
    assertThat(Hosts.ofHeader(":80")).isEmpty();
  }
}
