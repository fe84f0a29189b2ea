// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICrossDomainMessenger} from "../../../../src/shared/interfaces/external/ICrossDomainMessenger.sol";

/// @dev The L1 messenger's relay side: calls the target with the value, exposing the L2 sender
///      through `xDomainMessageSender` only during the call (the real one reverts outside a relay).
contract L1CrossDomainMessengerDouble is ICrossDomainMessenger {
    address private constant NO_SENDER = 0x000000000000000000000000000000000000dEaD;
    address private _sender = NO_SENDER;

    function relayMessage(address l2Sender, address target, bytes calldata message) external payable {
        _sender = l2Sender;
        (bool ok, bytes memory ret) = target.call{value: msg.value}(message);
        _sender = NO_SENDER;
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    function xDomainMessageSender() external view returns (address) {
        require(_sender != NO_SENDER, "CrossDomainMessenger: xDomainMessageSender is not set");
        return _sender;
    }

    function sendMessage(address, bytes calldata, uint32) external payable {
        revert("L1 double: relay only");
    }
}
