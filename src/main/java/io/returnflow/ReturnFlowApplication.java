package io.returnflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ReturnFlowApplication {
    public static void main(String[] args) {
        SpringApplication.run(ReturnFlowApplication.class, args);
    }
}
