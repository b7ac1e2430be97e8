package io.returnflow.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the requests to Camunda's engine REST API and webapps' API are checked ({@code returnflow.camunda-api},
 * {@link CamundaRequestCheck}).
 *
 * @param maxJsonBody the largest JSON body the check reads into memory; a larger one is refused with 413
 */
@ConfigurationProperties("returnflow.camunda-api")
record CamundaApiProperties(@DefaultValue("5MB") DataSize maxJsonBody) {

    CamundaApiProperties {
        if (maxJsonBody.toBytes() < 1 || maxJsonBody.toBytes() >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("returnflow.camunda-api.max-json-body must be from 1B to 2GB, not "
                    + maxJsonBody);
        }
    }
}
