package bench.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Elide 7 peer of the side-by-side benchmark: JSON:API over the service's `event` table at /api. */
@SpringBootApplication
public class PeerApplication {
    public static void main(String[] args) {
        SpringApplication.run(PeerApplication.class, args);
    }
}
