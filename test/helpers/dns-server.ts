/**
 * A real authoritative DNS server for tests (dns2, over UDP on 127.0.0.1): it answers TXT queries from the records
 * a test publishes, NXDOMAIN for every other name, so the registry's resolver does a real DNS exchange.
 */
import dns2 from 'dns2';

const { Packet } = dns2;
/** RFC 1035 §4.1.1 response code: the name does not exist (the typings lack Packet.RCODE). */
const NXDOMAIN = 3;

export interface TestDnsServer {
  /** host:port, as DNS_RESOLVERS takes it. */
  address: string;
  /** Publishes (or, with no values, withdraws) the TXT records of a name. */
  setTxt(name: string, values: string[]): void;
  /** Names asked for, in order (lowercase). */
  queries: string[];
  close(): Promise<void>;
}

export async function startDnsServer(): Promise<TestDnsServer> {
  const txt = new Map<string, string[]>();
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question.name.toLowerCase();
      queries.push(name);
      const values = txt.get(name);
      if (!values) response.header.rcode = NXDOMAIN;
      else if (question.type === Packet.TYPE.TXT) {
        for (const data of values) {
          const answer = { name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 60, data };
          response.answers.push(answer as (typeof response.answers)[number]);
        }
      }
      send(response);
    },
  });
  await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const { udp } = server.addresses() as { udp: { address: string; port: number } };
  return {
    address: `${udp.address}:${udp.port}`,
    setTxt(name, values) {
      if (values.length) txt.set(name.toLowerCase(), values);
      else txt.delete(name.toLowerCase());
    },
    queries,
    close: () => server.close(),
  };
}
